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
#include <mbedtls/aes.h>
#include <mbedtls/platform_util.h>
#include <string.h>

/// A running SHA-256 (for files read in pieces).
typedef mbedtls_sha256_context sbcrypto_sha256;

static inline void sbcrypto_sha256_start(sbcrypto_sha256 *c) { mbedtls_sha256_init(c); mbedtls_sha256_starts_ret(c, 0); }
static inline void sbcrypto_sha256_update(sbcrypto_sha256 *c, const unsigned char *p, size_t n) { mbedtls_sha256_update_ret(c, p, n); }
/// Writes the 32-byte digest into out and frees the context.
static inline void sbcrypto_sha256_finish(sbcrypto_sha256 *c, unsigned char *out) { mbedtls_sha256_finish_ret(c, out); mbedtls_sha256_free(c); }

/// The message digest named as LUKS names hashes ("sha1", "sha256", "sha512", "ripemd160",
/// any case), or NULL.
static inline const mbedtls_md_info_t *sbcrypto_md_named(const char *name) {
    static const struct { const char *name; mbedtls_md_type_t type; } table[] = {
        {"sha1", MBEDTLS_MD_SHA1}, {"sha224", MBEDTLS_MD_SHA224}, {"sha256", MBEDTLS_MD_SHA256},
        {"sha384", MBEDTLS_MD_SHA384}, {"sha512", MBEDTLS_MD_SHA512}, {"ripemd160", MBEDTLS_MD_RIPEMD160},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(name, table[i].name) == 0) return mbedtls_md_info_from_type(table[i].type);
    return NULL;
}

/// The digest size in bytes of the hash named (0 when unknown).
static inline int sbcrypto_md_size(const char *name) {
    const mbedtls_md_info_t *info = sbcrypto_md_named(name);
    return info ? mbedtls_md_get_size(info) : 0;
}

/// PBKDF2 with HMAC over the hash named; -1 for an unknown hash.
static inline int sbcrypto_pbkdf2(const char *hash, const unsigned char *password, size_t password_length,
                                  const unsigned char *salt, size_t salt_length, unsigned int iterations,
                                  unsigned char *out, uint32_t key_length) {
    const mbedtls_md_info_t *info = sbcrypto_md_named(hash);
    if (!info) return -1;
    mbedtls_md_context_t md;
    mbedtls_md_init(&md);
    int r = mbedtls_md_setup(&md, info, 1);
    if (r == 0) r = mbedtls_pkcs5_pbkdf2_hmac(&md, password, password_length, salt, salt_length, iterations, key_length, out);
    mbedtls_md_free(&md);
    return r;
}

/// PBKDF2 (RFC 8018) with HMAC-SHA512 (GRUB's password_pbkdf2): key_length bytes derived
/// from password and salt with iterations rounds into out.
static inline int sbcrypto_pbkdf2_sha512(const unsigned char *password, size_t password_length,
                                         const unsigned char *salt, size_t salt_length, unsigned int iterations,
                                         unsigned char *out, uint32_t key_length) {
    return sbcrypto_pbkdf2("sha512", password, password_length, salt, salt_length, iterations, out, key_length);
}

/// The digest of the two pieces a and b (either may be empty) with the hash named into out;
/// -1 for an unknown hash.
static inline int sbcrypto_hash2(const char *hash, const unsigned char *a, size_t a_length,
                                 const unsigned char *b, size_t b_length, unsigned char *out) {
    const mbedtls_md_info_t *info = sbcrypto_md_named(hash);
    if (!info) return -1;
    mbedtls_md_context_t md;
    mbedtls_md_init(&md);
    int r = mbedtls_md_setup(&md, info, 0);
    if (r == 0) r = mbedtls_md_starts(&md);
    if (r == 0 && a_length) r = mbedtls_md_update(&md, a, a_length);
    if (r == 0 && b_length) r = mbedtls_md_update(&md, b, b_length);
    if (r == 0) r = mbedtls_md_finish(&md, out);
    mbedtls_md_free(&md);
    return r;
}

/// Sector decryption modes of sbcrypto_decrypt_sectors.
enum { SBCRYPTO_XTS_PLAIN64 = 0, SBCRYPTO_CBC_PLAIN64 = 1, SBCRYPTO_CBC_ESSIV_SHA256 = 2 };

/// Decrypts length bytes (a multiple of sector_size) of AES sectors as dm-crypt does: the
/// IV of the n-th sector is first_iv + n * iv_step as a little-endian 64-bit number
/// (plain64), or for ESSIV that number encrypted with AES under SHA-256(key). XTS takes a
/// key of 32 or 64 bytes, CBC one of 16, 24 or 32. Wipes the key schedules it made.
static inline int sbcrypto_decrypt_sectors(int mode, const unsigned char *key, size_t key_length,
                                           uint64_t first_iv, uint64_t iv_step, size_t sector_size,
                                           const unsigned char *in, unsigned char *out, size_t length) {
    if (sector_size == 0 || length % sector_size != 0 || sector_size % 16 != 0) return -1;
    int r = 0;
    unsigned char iv[16];
    if (mode == SBCRYPTO_XTS_PLAIN64) {
        mbedtls_aes_xts_context xts;
        mbedtls_aes_xts_init(&xts);
        r = mbedtls_aes_xts_setkey_dec(&xts, key, (unsigned int)key_length * 8);
        for (size_t at = 0; r == 0 && at < length; at += sector_size) {
            uint64_t n = first_iv + (at / sector_size) * iv_step;
            memset(iv, 0, sizeof iv);
            for (int i = 0; i < 8; i++) iv[i] = (unsigned char)(n >> (8 * i));
            r = mbedtls_aes_crypt_xts(&xts, MBEDTLS_AES_DECRYPT, sector_size, iv, in + at, out + at);
        }
        mbedtls_aes_xts_free(&xts);
    } else if (mode == SBCRYPTO_CBC_PLAIN64 || mode == SBCRYPTO_CBC_ESSIV_SHA256) {
        mbedtls_aes_context aes, essiv;
        mbedtls_aes_init(&aes);
        mbedtls_aes_init(&essiv);
        unsigned char salt[32];
        r = mbedtls_aes_setkey_dec(&aes, key, (unsigned int)key_length * 8);
        if (r == 0 && mode == SBCRYPTO_CBC_ESSIV_SHA256) {
            r = mbedtls_sha256_ret(key, key_length, salt, 0);
            if (r == 0) r = mbedtls_aes_setkey_enc(&essiv, salt, 256);
        }
        for (size_t at = 0; r == 0 && at < length; at += sector_size) {
            uint64_t n = first_iv + (at / sector_size) * iv_step;
            memset(iv, 0, sizeof iv);
            for (int i = 0; i < 8; i++) iv[i] = (unsigned char)(n >> (8 * i));
            if (mode == SBCRYPTO_CBC_ESSIV_SHA256) r = mbedtls_aes_crypt_ecb(&essiv, MBEDTLS_AES_ENCRYPT, iv, iv);
            if (r == 0) r = mbedtls_aes_crypt_cbc(&aes, MBEDTLS_AES_DECRYPT, sector_size, iv, in + at, out + at);
        }
        mbedtls_platform_zeroize(salt, sizeof salt);
        mbedtls_aes_free(&aes);
        mbedtls_aes_free(&essiv);
    } else {
        r = -1;
    }
    mbedtls_platform_zeroize(iv, sizeof iv);
    return r;
}

/// Overwrites n bytes at p with zeros in a way the compiler does not remove.
static inline void sbcrypto_wipe(void *p, size_t n) { mbedtls_platform_zeroize(p, n); }

#endif
