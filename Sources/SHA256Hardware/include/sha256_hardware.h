// The SHA-256 compression function on the CPU's SHA extensions (x86-64 SHA-NI).
//
// Used by PhemexWire's `SHA256Stream` for request signing on the tick → order path when the
// CPU has the extensions; otherwise the portable Swift compression runs. Only the block
// function lives here: padding, buffering and HMAC stay in Swift.
#ifndef MMBOT_SHA256_HARDWARE_H
#define MMBOT_SHA256_HARDWARE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The 64 round constants K of FIPS 180-4 §4.2.2 (the first 32 bits of the fractional parts
/// of the cube roots of the first 64 primes), shared with the portable Swift rounds.
const uint32_t *mmbot_sha256_round_constants(void);

/// 1 when this CPU runs `mmbot_sha256_compress_hardware` (x86-64 with SHA, SSSE3 and
/// SSE4.1), else 0. Asks CPUID on every call: callers keep the answer.
int mmbot_sha256_hardware_available(void);

/// Compresses `block_count` consecutive 64-byte blocks at `blocks` into the chaining value
/// `state` (H0…H7 in order, native-endian words). Call only when
/// `mmbot_sha256_hardware_available()` returned 1; does nothing on other CPUs.
void mmbot_sha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t block_count);

#ifdef __cplusplus
}
#endif

#endif
