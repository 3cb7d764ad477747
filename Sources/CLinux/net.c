// Sockets for the Network target: netlink (NETLINK_ROUTE) and DHCP's UDP sockets.
#include "clinux_net.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/netlink.h>

static int fail_closing(int fd) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int clinux_netlink_route_socket(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) return -1;
    struct sockaddr_nl addr;
    memset(&addr, 0, sizeof addr);
    addr.nl_family = AF_NETLINK;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) return fail_closing(fd);
    return fd;
}

ssize_t clinux_netlink_send(int fd, const void *buf, size_t len) {
    struct sockaddr_nl kernel;
    memset(&kernel, 0, sizeof kernel);
    kernel.nl_family = AF_NETLINK;
    return sendto(fd, buf, len, 0, (struct sockaddr *)&kernel, sizeof kernel);
}

static int bind_device(int fd, const char *ifname) {
    return setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1);
}

int clinux_udp4_socket(const char *ifname, uint16_t port) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) return fail_closing(fd);
    if (setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0) return fail_closing(fd);
    if (bind_device(fd, ifname) != 0) return fail_closing(fd);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) return fail_closing(fd);
    return fd;
}

ssize_t clinux_udp4_sendto(int fd, const void *buf, size_t len, uint32_t address, uint16_t port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(address);
    return sendto(fd, buf, len, 0, (struct sockaddr *)&addr, sizeof addr);
}

ssize_t clinux_udp4_recvfrom(int fd, void *buf, size_t len, uint32_t *address, uint16_t *port) {
    struct sockaddr_in addr;
    socklen_t size = sizeof addr;
    memset(&addr, 0, sizeof addr);
    ssize_t n = recvfrom(fd, buf, len, 0, (struct sockaddr *)&addr, &size);
    if (n >= 0) {
        *address = ntohl(addr.sin_addr.s_addr);
        *port = ntohs(addr.sin_port);
    }
    return n;
}

int clinux_udp6_socket(const char *ifname, uint16_t port) {
    int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    int one = 1;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) return fail_closing(fd);
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) return fail_closing(fd);
    if (bind_device(fd, ifname) != 0) return fail_closing(fd);
    struct sockaddr_in6 addr;
    memset(&addr, 0, sizeof addr);
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    addr.sin6_addr = in6addr_any;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) return fail_closing(fd);
    return fd;
}

ssize_t clinux_udp6_sendto(int fd, const void *buf, size_t len, const uint8_t *address, uint16_t port, uint32_t scope) {
    struct sockaddr_in6 addr;
    memset(&addr, 0, sizeof addr);
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    memcpy(&addr.sin6_addr, address, 16);
    addr.sin6_scope_id = scope;
    return sendto(fd, buf, len, 0, (struct sockaddr *)&addr, sizeof addr);
}

ssize_t clinux_udp6_recvfrom(int fd, void *buf, size_t len, uint8_t *address, uint16_t *port) {
    struct sockaddr_in6 addr;
    socklen_t size = sizeof addr;
    memset(&addr, 0, sizeof addr);
    ssize_t n = recvfrom(fd, buf, len, 0, (struct sockaddr *)&addr, &size);
    if (n >= 0) {
        memcpy(address, &addr.sin6_addr, 16);
        *port = ntohs(addr.sin6_port);
    }
    return n;
}
