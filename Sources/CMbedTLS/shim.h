// swiftboot's shim over mbedTLS (Debian's libmbedtls-dev, linked statically): one
// client TLS session over a connected socket, with the server certificate verified
// against a CA bundle file and the host name (SNI + name check). Every function is
// prefixed sbtls_ and returns 0 or a negative mbedTLS error code.
#ifndef SWIFTBOOT_CMBEDTLS_SHIM_H
#define SWIFTBOOT_CMBEDTLS_SHIM_H

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <mbedtls/ssl.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/error.h>

/// One TLS client session and everything it owns.
typedef struct sbtls_session {
    int fd;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
} sbtls_session;

/// The BIO send callback: send(2) on the session's socket. (mbedTLS's own net_sockets
/// module is not used, so its getaddrinfo does not end up in the static binary.)
static inline int sbtls_bio_send(void *ctx, const unsigned char *buf, size_t len) {
    int fd = *(int *)ctx;
    ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
    if (n >= 0) return (int)n;
    if (errno == EINTR || errno == EAGAIN) return MBEDTLS_ERR_SSL_WANT_WRITE;
    if (errno == EPIPE || errno == ECONNRESET) return MBEDTLS_ERR_NET_CONN_RESET;
    return MBEDTLS_ERR_NET_SEND_FAILED;
}

/// The BIO receive callback: poll(2) up to timeout_ms (0: no limit), then recv(2).
static inline int sbtls_bio_recv_timeout(void *ctx, unsigned char *buf, size_t len, uint32_t timeout_ms) {
    int fd = *(int *)ctx;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r = poll(&p, 1, timeout_ms == 0 ? -1 : (int)timeout_ms);
    if (r == 0) return MBEDTLS_ERR_SSL_TIMEOUT;
    if (r < 0) return errno == EINTR ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_NET_RECV_FAILED;
    ssize_t n = recv(fd, buf, len, 0);
    if (n >= 0) return (int)n;
    if (errno == EINTR || errno == EAGAIN) return MBEDTLS_ERR_SSL_WANT_READ;
    if (errno == ECONNRESET) return MBEDTLS_ERR_NET_CONN_RESET;
    return MBEDTLS_ERR_NET_RECV_FAILED;
}

/// Frees a session made by sbtls_open (not the socket: the caller closes it).
static inline void sbtls_close(sbtls_session *s) {
    if (!s) return;
    mbedtls_ssl_free(&s->ssl);
    mbedtls_ssl_config_free(&s->conf);
    mbedtls_x509_crt_free(&s->ca);
    mbedtls_ctr_drbg_free(&s->drbg);
    mbedtls_entropy_free(&s->entropy);
    free(s);
}

/// Loads the CA bundle at ca_path. Returns 0, or the negative mbedTLS error; with a
/// bundle where some certificates failed to parse but others loaded, returns 0.
static inline int sbtls_load_ca(sbtls_session *s, const char *ca_path) {
    int r = mbedtls_x509_crt_parse_file(&s->ca, ca_path);
    if (r < 0) return r;
    return s->ca.version == 0 ? MBEDTLS_ERR_X509_CERT_UNKNOWN_FORMAT : 0;
}

/// Sets up a session over the connected socket fd for host_name with the CA file
/// ca_path and a read timeout; *out receives the session (also on failure, for
/// sbtls_close). *stage names the step that failed. host_name NULL (a URL with an IP
/// address): no SNI and no name check here; the caller checks the certificate's
/// iPAddress names (sbtls_peer_certificate), which mbedTLS 2.28 cannot match.
static inline int sbtls_open(int fd, const char *host_name, const char *ca_path, uint32_t read_timeout_ms,
                             sbtls_session **out, const char **stage) {
    sbtls_session *s = calloc(1, sizeof *s);
    *out = s;
    if (!s) { *stage = "alloc"; return MBEDTLS_ERR_SSL_ALLOC_FAILED; }
    s->fd = fd;
    mbedtls_ssl_init(&s->ssl);
    mbedtls_ssl_config_init(&s->conf);
    mbedtls_x509_crt_init(&s->ca);
    mbedtls_ctr_drbg_init(&s->drbg);
    mbedtls_entropy_init(&s->entropy);
    int r;
    static const unsigned char pers[] = "swiftboot";
    *stage = "random";
    if ((r = mbedtls_ctr_drbg_seed(&s->drbg, mbedtls_entropy_func, &s->entropy, pers, sizeof pers - 1)) != 0) return r;
    *stage = "ca";
    if ((r = sbtls_load_ca(s, ca_path)) != 0) return r;
    *stage = "config";
    if ((r = mbedtls_ssl_config_defaults(&s->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                         MBEDTLS_SSL_PRESET_DEFAULT)) != 0) return r;
    mbedtls_ssl_conf_authmode(&s->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&s->conf, &s->ca, NULL);
    mbedtls_ssl_conf_rng(&s->conf, mbedtls_ctr_drbg_random, &s->drbg);
    mbedtls_ssl_conf_read_timeout(&s->conf, read_timeout_ms);
    if ((r = mbedtls_ssl_setup(&s->ssl, &s->conf)) != 0) return r;
    *stage = "hostname";
    if (host_name && (r = mbedtls_ssl_set_hostname(&s->ssl, host_name)) != 0) return r;
    mbedtls_ssl_set_bio(&s->ssl, &s->fd, sbtls_bio_send, NULL, sbtls_bio_recv_timeout);
    *stage = "handshake";
    while ((r = mbedtls_ssl_handshake(&s->ssl)) != 0) {
        if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE) return r;
    }
    *stage = "";
    return 0;
}

/// The certificate verification flags of the handshake (0 when trusted).
static inline uint32_t sbtls_verify_flags(sbtls_session *s) {
    return mbedtls_ssl_get_verify_result(&s->ssl);
}

/// The server's certificate (DER) after the handshake: *der and *len, or 0 and NULL when
/// there is none.
static inline void sbtls_peer_certificate(sbtls_session *s, const unsigned char **der, size_t *len) {
    const mbedtls_x509_crt *crt = mbedtls_ssl_get_peer_cert(&s->ssl);
    *der = crt ? crt->raw.p : NULL;
    *len = crt ? crt->raw.len : 0;
}

/// Writes the verification failure text for flags into buf.
static inline void sbtls_verify_text(uint32_t flags, char *buf, size_t size) {
    int n = mbedtls_x509_crt_verify_info(buf, size, "", flags);
    if (n < 0 && size) buf[0] = 0;
    // One line: newlines between reasons become "; ".
    for (char *p = buf; *p; p++) if (*p == '\n') { if (p[1]) { *p = ';'; } else { *p = 0; } }
}

/// Writes the text for an mbedTLS error code into buf.
static inline void sbtls_error_text(int code, char *buf, size_t size) {
    mbedtls_strerror(code, buf, size);
}

/// Reads up to len bytes: >0 bytes, 0 at a clean close (close_notify or EOF), <0 an error
/// (MBEDTLS_ERR_SSL_TIMEOUT after the read timeout).
static inline int sbtls_read(sbtls_session *s, unsigned char *buf, size_t len) {
    for (;;) {
        int r = mbedtls_ssl_read(&s->ssl, buf, len);
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
        if (r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || r == MBEDTLS_ERR_SSL_CONN_EOF) return 0;
        return r;
    }
}

/// Writes all len bytes; 0 or an error.
static inline int sbtls_write_all(sbtls_session *s, const unsigned char *buf, size_t len) {
    while (len > 0) {
        int r = mbedtls_ssl_write(&s->ssl, buf, len);
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE) continue;
        if (r < 0) return r;
        buf += r;
        len -= (size_t)r;
    }
    return 0;
}

/// Whether decrypted or received bytes wait inside mbedTLS (then a read will not block).
static inline int sbtls_pending(sbtls_session *s) {
    return mbedtls_ssl_get_bytes_avail(&s->ssl) > 0 || mbedtls_ssl_check_pending(&s->ssl);
}

/// Whether r means the connection dropped (reset, or a failed recv).
static inline int sbtls_is_dropped(int r) {
    return r == MBEDTLS_ERR_NET_CONN_RESET || r == MBEDTLS_ERR_NET_RECV_FAILED;
}

/// The timeout error code, for callers telling a timeout from other failures.
static inline int sbtls_timeout_code(void) { return MBEDTLS_ERR_SSL_TIMEOUT; }

#endif
