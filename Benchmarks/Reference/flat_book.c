/*
 * Calibration reference for the bytes -> book benchmark (issue 2): a plain hand-written C
 * parser of Phemex USDT-M `orderbook_p` frames feeding a flat sorted-array book, the kind of
 * baseline the issue quotes ("a hand-written C parser with a flat book does about 100 ns
 * here"). It trusts the frame layout (no validation, no error paths), so it is a lower bound
 * on the work, not a product path. Run by `Benchmarks/compare-with-c.sh`, interleaved with
 * `BookBenchRunner`, so both figures come from the same minutes of this noisy shared machine.
 *
 *   cc -O2 -o flat_book flat_book.c && ./flat_book capture.jsonl
 *
 * Prints thread-CPU ns per message (best of 7 rounds of 10 passes over the capture).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_LEVELS = 64, DEPTH = 30 };

typedef struct { int64_t price, size; } Level;
typedef struct { Level bids[MAX_LEVELS], asks[MAX_LEVELS]; int nbids, nasks; int64_t sequence; } Book;

/* "ddd.fff" -> 1e-9 units; the cursor ends after the last digit. */
static inline int64_t decimal(const char **cursor) {
    const char *p = *cursor;
    int64_t v = 0;
    int frac = 0;
    while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') { v = v * 10 + (*p++ - '0'); frac++; }
    }
    while (frac++ < 9) v *= 10;
    *cursor = p;
    return v;
}

/* Sets one level on a side kept sorted best first (linear search, memmove); size 0 deletes. */
static void set_level(Level *side, int *n, int64_t price, int64_t size, int descending) {
    int i = 0;
    while (i < *n && (descending ? side[i].price > price : side[i].price < price)) i++;
    if (i < *n && side[i].price == price) {
        if (size == 0) { memmove(side + i, side + i + 1, (size_t)(*n - i - 1) * sizeof(Level)); (*n)--; }
        else side[i].size = size;
        return;
    }
    if (size == 0 || i >= MAX_LEVELS) return;
    if (*n == MAX_LEVELS) (*n)--;
    memmove(side + i + 1, side + i, (size_t)(*n - i) * sizeof(Level));
    side[i].price = price;
    side[i].size = size;
    (*n)++;
}

/* `[["p","s"],...]` starting at the `[`; returns the position after the closing `]`. */
static const char *levels(const char *p, Level *side, int *n, int descending) {
    p++;
    while (*p == '[') {
        p += 2;
        int64_t price = decimal(&p);
        p += 3;
        int64_t size = decimal(&p);
        p += 2;
        set_level(side, n, price, size, descending);
        if (*p == ',') p++;
    }
    return p + 1;
}

static void apply(Book *book, const char *line, int length) {
    const char *p = strchr(line + 40, '{'); /* the `orderbook_p` object */
    if (!p) return;
    if (line[length - 3] == 't') book->nbids = book->nasks = 0; /* "snapshot"} */
    p = levels(p + 8, book->asks, &book->nasks, 0);
    p = levels(p + 8, book->bids, &book->nbids, 1);
    p += 13; /* },"sequence": */
    int64_t seq = 0;
    while (*p >= '0' && *p <= '9') seq = seq * 10 + (*p++ - '0');
    book->sequence = seq;
    if (book->nasks > DEPTH) book->nasks = DEPTH;
    if (book->nbids > DEPTH) book->nbids = DEPTH;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s capture.jsonl\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, f) != (size_t)size) { perror("read"); return 1; }
    text[size] = 0;
    int capacity = 1 << 16, count = 0;
    char **lines = malloc(sizeof(char *) * (size_t)capacity);
    int *lengths = malloc(sizeof(int) * (size_t)capacity);
    for (char *p = text; *p;) {
        char *e = strchr(p, '\n');
        if (count == capacity) {
            capacity *= 2;
            lines = realloc(lines, sizeof(char *) * (size_t)capacity);
            lengths = realloc(lengths, sizeof(int) * (size_t)capacity);
        }
        lines[count] = p;
        lengths[count] = e ? (int)(e - p) : (int)strlen(p);
        count++;
        if (!e) break;
        *e = 0;
        p = e + 1;
    }
    static Book book;
    double best = 1e18;
    for (int round = 0; round < 7; round++) {
        struct timespec a, b;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        for (int pass = 0; pass < 10; pass++)
            for (int i = 0; i < count; i++) apply(&book, lines[i], lengths[i]);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
        double ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (10.0 * count);
        if (ns < best) best = ns;
    }
    printf("C flat book (reference)  %.1f ns/msg  (%d msgs; best bid %lld ask %lld, sequence %lld)\n", best, count,
           (long long)book.bids[0].price, (long long)book.asks[0].price, (long long)book.sequence);
    return 0;
}
