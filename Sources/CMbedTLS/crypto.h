// swiftboot's shim over mbedTLS's hashes: PBKDF2-HMAC-SHA512 for passwords (GRUB's
// password_pbkdf2, the boot policy) and SHA-256 of files for the policy's allow-list.
// Every function is prefixed sbcrypto_ and returns 0 or a negative mbedTLS error code.
#ifndef SWIFTBOOT_CMBEDTLS_CRYPTO_H
#define SWIFTBOOT_CMBEDTLS_CRYPTO_H

#include <stddef.h>
#include <stdint.h>
#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>
#include <mbedtls/sha256.h>

/// PBKDF2 (RFC 8018) with HMAC-SHA512: key_length bytes derived from password and salt
/// with iterations rounds into out.
static inline int sbcrypto_pbkdf2_sha512(const unsigned char *password, size_t password_length,
                                         const unsigned char *salt, size_t salt_length, unsigned int iterations,
                                         unsigned char *out, uint32_t key_length) {
    mbedtls_md_context_t md;
    mbedtls_md_init(&md);
    int r = mbedtls_md_setup(&md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA512), 1);
    if (r == 0) r = mbedtls_pkcs5_pbkdf2_hmac(&md, password, password_length, salt, salt_length, iterations, key_length, out);
    mbedtls_md_free(&md);
    return r;
}

/// A running SHA-256 (for files read in pieces).
typedef mbedtls_sha256_context sbcrypto_sha256;

static inline void sbcrypto_sha256_start(sbcrypto_sha256 *c) { mbedtls_sha256_init(c); mbedtls_sha256_starts_ret(c, 0); }
static inline void sbcrypto_sha256_update(sbcrypto_sha256 *c, const unsigned char *p, size_t n) { mbedtls_sha256_update_ret(c, p, n); }
/// Writes the 32-byte digest into out and frees the context.
static inline void sbcrypto_sha256_finish(sbcrypto_sha256 *c, unsigned char *out) { mbedtls_sha256_finish_ret(c, out); mbedtls_sha256_free(c); }

#endif
