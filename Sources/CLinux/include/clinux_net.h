#ifndef CLINUX_NET_H
#define CLINUX_NET_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

// ---- net section (Network): netlink route socket, DHCP UDP sockets -----------------
// Each returns what the underlying call returns (-1 with errno set on failure).

/// socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) bound with a kernel-chosen port id.
int clinux_netlink_route_socket(void);
/// sendto(2) of one netlink message to the kernel (nl_pid 0).
ssize_t clinux_netlink_send(int fd, const void *buf, size_t len);
/// A non-blocking UDP/IPv4 socket bound to 0.0.0.0:`port` on device `ifname`
/// (SO_BINDTODEVICE), with SO_BROADCAST and SO_REUSEADDR: DHCP before the link has an address.
int clinux_udp4_socket(const char *ifname, uint16_t port);
/// sendto(2) to the IPv4 address `addr` (host order) and `port`.
ssize_t clinux_udp4_sendto(int fd, const void *buf, size_t len, uint32_t addr, uint16_t port);
/// recvfrom(2); stores the sender's IPv4 address (host order) and port.
ssize_t clinux_udp4_recvfrom(int fd, void *buf, size_t len, uint32_t *addr, uint16_t *port);
/// A non-blocking UDP/IPv6 socket (IPV6_V6ONLY) bound to [::]:`port` on device `ifname`.
int clinux_udp6_socket(const char *ifname, uint16_t port);
/// sendto(2) to the IPv6 address `addr` (16 bytes), `port`, on interface `scope`.
ssize_t clinux_udp6_sendto(int fd, const void *buf, size_t len, const uint8_t *addr, uint16_t port, uint32_t scope);
/// recvfrom(2); stores the sender's IPv6 address (16 bytes) and port.
ssize_t clinux_udp6_recvfrom(int fd, void *buf, size_t len, uint8_t *addr, uint16_t *port);
// ---- end net section ---------------------------------------------------------------

#endif
