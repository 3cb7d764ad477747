// swiftboot's shim over the reference Argon2 library (Debian's libargon2-dev, linked
// statically): the raw hash of LUKS2 keyslots' argon2i / argon2id KDFs, version 0x13.
#ifndef SWIFTBOOT_CARGON2_SHIM_H
#define SWIFTBOOT_CARGON2_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <argon2.h>

/// Argon2 (id when id is nonzero, i otherwise) of password and salt: time_cost passes over
/// memory_kib KiB in parallelism lanes, out_length bytes into out. 0 or an ARGON2_* error.
static inline int sbargon2_hash(int id, uint32_t time_cost, uint32_t memory_kib, uint32_t parallelism,
                                const void *password, size_t password_length, const void *salt,
                                size_t salt_length, void *out, size_t out_length) {
    return argon2_hash(time_cost, memory_kib, parallelism, password, password_length, salt, salt_length,
                       out, out_length, NULL, 0, id ? Argon2_id : Argon2_i, ARGON2_VERSION_13);
}

/// The library's text for an ARGON2_* error code.
static inline const char *sbargon2_error(int code) { return argon2_error_message(code); }

#endif
