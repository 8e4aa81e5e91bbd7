// SHA-256 block compression on the x86 SHA extensions (see include/sha256_hardware.h).
//
// The extensions keep the eight working variables in two registers, {A,B,E,F} and {C,D,G,H}
// (highest lane first); `sha256rnds2` runs two rounds with two schedule words already added
// to their constants, and `sha256msg1`/`sha256msg2` compute four schedule words at a time.
// Written from Intel's instruction reference (SDM vol. 2, SHA256RNDS2/SHA256MSG1/SHA256MSG2)
// and FIPS 180-4; checked against the portable Swift compression and the NIST vectors
// (`SHA256HardwareTests`).
#include "sha256_hardware.h"

/// FIPS 180-4 §4.2.2 constants (four per group of four rounds in the SHA-NI code).
static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

const uint32_t *mmbot_sha256_round_constants(void) { return round_constants; }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

int mmbot_sha256_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const int sha = (ebx >> 29) & 1;
    return ssse3 && sse41 && sha;
}

__attribute__((target("sha,ssse3,sse4.1")))
void mmbot_sha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t block_count) {
    // Byte order: each 32-bit message word is big-endian in the block.
    const __m128i big_endian_words = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

    // H0…H7 → {A,B,E,F} and {C,D,G,H}.
    const __m128i abcd = _mm_loadu_si128((const __m128i *)&state[0]);
    const __m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]);
    const __m128i cdab = _mm_shuffle_epi32(abcd, 0xB1);
    const __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, hgfe, 8);
    __m128i cdgh = _mm_blend_epi16(hgfe, cdab, 0xF0);

    for (size_t n = 0; n < block_count; n++) {
        const uint8_t *block = blocks + 64 * n;
        const __m128i abef_before = abef, cdgh_before = cdgh;
        // The schedule as a ring of four groups: w[g % 4] holds W(4g)…W(4g+3).
        __m128i w[4];
        for (int g = 0; g < 16; g++) {
            __m128i words;
            if (g < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16 * g)), big_endian_words);
            } else {
                // W(t) from W(t-16), W(t-15) (msg1), W(t-7) (the alignr of the two latest
                // groups) and W(t-2) (msg2).
                const __m128i oldest = w[g & 3], older = w[(g + 1) & 3];
                const __m128i previous = w[(g + 2) & 3], latest = w[(g + 3) & 3];
                words = _mm_sha256msg1_epu32(oldest, older);
                words = _mm_add_epi32(words, _mm_alignr_epi8(latest, previous, 4));
                words = _mm_sha256msg2_epu32(words, latest);
            }
            w[g & 3] = words;
            __m128i kw = _mm_add_epi32(words, _mm_load_si128((const __m128i *)&round_constants[4 * g]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, kw);  // rounds 4g, 4g+1: cdgh now holds the new {A,B,E,F}
            kw = _mm_shuffle_epi32(kw, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, kw);  // rounds 4g+2, 4g+3: roles back in place
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }

    // {A,B,E,F}, {C,D,G,H} → H0…H7.
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

int mmbot_sha256_hardware_available(void) { return 0; }

void mmbot_sha256_compress_hardware(uint32_t state[8], const uint8_t *blocks, size_t block_count) {
    (void)state;
    (void)blocks;
    (void)block_count;
}

#endif
