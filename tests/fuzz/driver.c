/*
 * Runs a fuzz target without libFuzzer, so that `make check` fuzzes it
 * with any compiler (built with ASan and UBSan there): first once on each
 * file named on the command line (the corpus), then, with -t SECONDS, on
 * inputs made by mutating those files until the time is up.  TAP output.
 *
 *     fuzz_NAME [-t SECONDS] FILE...
 *
 * The mutations draw their randomness from libsodium's
 * randombytes_buf_deterministic, keyed by a seed from $GK_FUZZ_SEED or
 * else the clock, and by the input's number, so the same seed and corpus
 * make the same inputs.  The seed is printed first; an input that makes
 * the target abort (or a sanitizer report) is written to
 * fuzz_NAME.crash beside the binary, to replay with `fuzz_NAME FILE`.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The sanitizers' hook, called before they end the process; absent
 * (NULL) in a build without them. */
void __sanitizer_set_death_callback(void (*callback)(void))
    __attribute__((weak));

#define FILE_MAX  (1 << 20) /* bytes read of a corpus file */
#define INPUT_MAX (1 << 16) /* bytes of a generated input */

/* What mutations insert: the pieces the parsers under test care about. */
/* clang-format off */
static const char *const tokens[] = {
    "0", "1", "3", "8", "9", "X", "x", "@", ".", "+", "-", "\n", " ",
    "０", "１", "９", "Ｘ", "＠", "．", "＋", "　", "★", "☆", "秘密", "机密",
    "绝密", "秘密★", "年", "个月", "天", "长期", "会议开始前", "内部资料",
    "注意保密", "+86", ".com", ".cn", "example", "13812345678",
    "11010519491231002X", "440524188001010014", "6228480402564890018",
    "4111111111111111", "2016年12月31日", "〔2016〕", "0533-", ".00",
    "139-1234-5678", "139 1234 5678", "6222 0212 3456 7890", "－", " ★ ",
    "\xff", "\xe5\xaf", "\xc0\xb1", "\xed\xa0\x80", "\xf4\x90\x80\x80",
    "\r\n", "\xef\xbb\xbf", "GB18030", "\xa1\xef", "\xd5\xc5"
};
/* clang-format on */

struct entry {
	uint8_t *data;
	size_t size;
};

/* A stream of random bytes: blocks of randombytes_buf_deterministic under
 * a key made of the seed, the input's number and the block's number. */
struct rng {
	unsigned char key[randombytes_SEEDBYTES];
	uint64_t block;
	unsigned char pool[256];
	size_t used;
};

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void rng_start(struct rng *r, uint64_t seed, uint64_t input)
{
	memset(r->key, 0, sizeof r->key);
	put64(r->key, seed);
	put64(r->key + 8, input);
	r->block = 0;
	r->used = sizeof r->pool;
}

static uint32_t rng_next(struct rng *r)
{
	if (r->used + 4 > sizeof r->pool) {
		put64(r->key + 16, r->block++);
		randombytes_buf_deterministic(r->pool, sizeof r->pool, r->key);
		r->used = 0;
	}
	const unsigned char *p = r->pool + r->used;
	r->used += 4;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* 0 … n-1 (0 when n is 0). */
static size_t rng_below(struct rng *r, size_t n)
{
	return n ? rng_next(r) % n : 0;
}

/* ---- what a crash leaves behind ---------------------------------------- */

static const uint8_t *current;
static size_t current_size;
static uint64_t current_number, the_seed;
static char crash_path[4096];
static const char *current_file; /* of the corpus, while it runs */

/* Write the decimal v to fd; async-signal-safe. */
static void write_u64(int fd, uint64_t v)
{
	char digits[24];
	int n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n > 0)
		(void)!write(fd, &digits[--n], 1);
}

static void write_str(int fd, const char *s)
{
	(void)!write(fd, s, strlen(s));
}

/* Save the input being run and say how to make it again. */
static void save_crash(void)
{
	if (current_file) {
		write_str(1, "not ok - ");
		write_str(1, current_file);
		write_str(1, " failed\n");
		current_file = NULL;
	}
	if (!current)
		return;
	int fd = open(crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		(void)!write(fd, current, current_size);
		close(fd);
	}
	write_str(1, "not ok - generated input ");
	write_u64(1, current_number);
	write_str(1, " failed (GK_FUZZ_SEED=");
	write_u64(1, the_seed);
	write_str(1, "); it is in ");
	write_str(1, crash_path);
	write_str(1, "\n");
	current = NULL;
}

static void on_abort(int sig)
{
	save_crash();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- mutations ----------------------------------------------------------- */

/* Insert n bytes at at in buf (size *len, room INPUT_MAX); 0 if no room. */
static int insert(uint8_t *buf, size_t *len, size_t at, const void *bytes,
		  size_t n)
{
	if (n > INPUT_MAX - *len)
		return 0;
	memmove(buf + at + n, buf + at, *len - at);
	memcpy(buf + at, bytes, n);
	*len += n;
	return 1;
}

static void mutate_once(struct rng *r, uint8_t *buf, size_t *len,
			const struct entry *corpus, size_t entries)
{
	size_t at = rng_below(r, *len + 1), n;
	const char *token;
	switch (rng_below(r, 9)) {
	case 0: /* flip a bit */
		if (*len)
			buf[rng_below(r, *len)] ^=
			    (uint8_t)(1u << rng_below(r, 8));
		break;
	case 1: /* any byte */
		if (*len)
			buf[rng_below(r, *len)] = (uint8_t)rng_next(r);
		break;
	case 2: /* insert a token */
		token = tokens[rng_below(r, sizeof tokens / sizeof *tokens)];
		insert(buf, len, at, token, strlen(token));
		break;
	case 3: /* overwrite with a token */
		token = tokens[rng_below(r, sizeof tokens / sizeof *tokens)];
		n = strlen(token);
		if (n <= *len) {
			at = rng_below(r, *len - n + 1);
			memcpy(buf + at, token, n);
		}
		break;
	case 4: /* delete a few bytes */
		n = 1 + rng_below(r, 16);
		if (at + n <= *len) {
			memmove(buf + at, buf + at + n, *len - at - n);
			*len -= n;
		}
		break;
	case 5: { /* repeat a piece of itself */
		size_t from = rng_below(r, *len + 1);
		n = rng_below(r, *len - from + 1);
		if (n > 64)
			n = 64;
		uint8_t piece[64];
		memcpy(piece, buf + from, n);
		insert(buf, len, at, piece, n);
		break;
	}
	case 6: /* splice: this one's head, another's tail */
		if (entries) {
			const struct entry *e = &corpus[rng_below(r, entries)];
			size_t from = rng_below(r, e->size + 1);
			n = e->size - from;
			if (n > INPUT_MAX - at)
				n = INPUT_MAX - at;
			memcpy(buf + at, e->data + from, n);
			*len = at + n;
		}
		break;
	case 7: /* truncate */ *len = at; break;
	default: { /* a run of digits, ASCII or full-width */
		uint8_t digits[20 * 3];
		size_t count = 1 + rng_below(r, 20), used = 0;
		int wide = rng_below(r, 3) == 0;
		for (size_t i = 0; i < count; i++) {
			unsigned d = (unsigned)rng_below(r, 10);
			if (wide) {
				digits[used++] = 0xEF;
				digits[used++] = 0xBC;
				digits[used++] = (uint8_t)(0x90 + d);
			} else
				digits[used++] = (uint8_t)('0' + d);
		}
		insert(buf, len, at, digits, used);
	}
	}
}

/* Input number `number`: a corpus entry with 1 to 8 mutations. */
static size_t make_input(uint64_t seed, uint64_t number, uint8_t *buf,
			 const struct entry *corpus, size_t entries)
{
	struct rng r;
	size_t len = 0;
	rng_start(&r, seed, number);
	if (entries) {
		const struct entry *e = &corpus[rng_below(&r, entries)];
		len = e->size < INPUT_MAX ? e->size : INPUT_MAX;
		memcpy(buf, e->data, len);
	}
	for (size_t m = 1 + rng_below(&r, 8); m > 0; m--)
		mutate_once(&r, buf, &len, corpus, entries);
	return len;
}

/* ---- main ---------------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t seed_from_env(void)
{
	const char *text = getenv("GK_FUZZ_SEED");
	if (text && *text) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(text, &end, 0);
		if (*end || errno) {
			fprintf(stderr, "GK_FUZZ_SEED must be a number\n");
			exit(64);
		}
		return v;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long seconds = 0;
	int opt;
	while ((opt = getopt(argc, argv, "t:")) != -1) {
		char *end;
		if (opt == 't')
			seconds = strtol(optarg, &end, 10);
		if (opt != 't' || *end || seconds < 0) {
			fprintf(stderr, "usage: %s [-t SECONDS] FILE...\n",
				argv[0]);
			return 64;
		}
	}
	if (sodium_init() < 0)
		return 1;
	snprintf(crash_path, sizeof crash_path, "%s.crash", argv[0]);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(save_crash);
	signal(SIGABRT, on_abort);

	size_t entries = 0;
	struct entry *corpus = calloc((size_t)argc, sizeof *corpus);
	int test = 0;
	for (int i = optind; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data = malloc(FILE_MAX);
		if (!f || !data) {
			printf("not ok %d - %s: cannot open\n", ++test,
			       argv[i]);
			if (f)
				fclose(f);
			free(data);
			continue;
		}
		size_t n = fread(data, 1, FILE_MAX, f);
		fclose(f);
		/* Its own size, so ASan sees reads past the end. */
		uint8_t *exact = realloc(data, n ? n : 1);
		data = exact ? exact : data;
		current_file = argv[i];
		LLVMFuzzerTestOneInput(data, n); /* aborts on a failure */
		current_file = NULL;
		printf("ok %d - %s\n", ++test, argv[i]);
		corpus[entries++] = (struct entry){data, n};
	}
	if (seconds > 0) {
		the_seed = seed_from_env();
		printf("# GK_FUZZ_SEED=%llu: mutating the corpus for %ld s\n",
		       (unsigned long long)the_seed, seconds);
		fflush(stdout);
		uint8_t *buf = malloc(INPUT_MAX);
		double start = now(), end = start + (double)seconds;
		uint64_t number = 0;
		while (buf && now() < end) {
			size_t len =
			    make_input(the_seed, number, buf, corpus, entries);
			/* Its own size, so ASan sees reads past the end. */
			uint8_t *exact = malloc(len ? len : 1);
			if (!exact)
				break;
			memcpy(exact, buf, len);
			current = exact;
			current_size = len;
			current_number = number;
			LLVMFuzzerTestOneInput(exact, len);
			current = NULL;
			free(exact);
			number++;
		}
		double took = now() - start;
		printf("ok %d - %llu mutated inputs in %.1f s (%.0f a second), "
		       "GK_FUZZ_SEED=%llu\n",
		       ++test, (unsigned long long)number, took,
		       took > 0 ? (double)number / took : 0.0,
		       (unsigned long long)the_seed);
		free(buf);
	}
	for (size_t i = 0; i < entries; i++)
		free(corpus[i].data);
	free(corpus);
	return 0;
}
