#include "publish.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "i18n.h"
#include "secrecy.h"
#include "sync.h"
#include "text.h"

struct label {
	const char *key, *label;
};

#define LABEL_ROW(name, key, label) {key, label},
static const struct label validities[] = {GK_VALIDITIES(LABEL_ROW){NULL, NULL}};
static const struct label delivery_states[] = {
    GK_DELIVERY_STATES(LABEL_ROW){NULL, NULL}};
static const struct label channel_kinds[] = {
    GK_CHANNEL_KINDS(LABEL_ROW){NULL, NULL}};
static const struct label coverage_kinds[] = {
    GK_COVERAGE_KINDS(LABEL_ROW){NULL, NULL}};
#undef LABEL_ROW

/* The Chinese names of the media, in GK_COVERAGE_KINDS order. */
static const char *const coverage_names_zh[] = {"报纸", "网络媒体", "电视",
						"广播"};

/* The Chinese names of the validities, in GK_VALIDITIES order: what the
 * catalog and the published files say. */
static const char *const validity_names_zh[] = {"有效", "失效", "废止"};
#define COUNT_ONE(name, key, label) +1
_Static_assert(sizeof validity_names_zh / sizeof validity_names_zh[0] ==
		   0 GK_VALIDITIES(COUNT_ONE),
	       "a Chinese name for each validity");
_Static_assert(sizeof coverage_names_zh / sizeof coverage_names_zh[0] ==
		   0 GK_COVERAGE_KINDS(COUNT_ONE),
	       "a Chinese name for each kind of medium");
#undef COUNT_ONE

static const char *const encodings[] = {"UTF-8", "GB18030", "GBK", NULL};

/* The 公开范围 of a publication that names none. */
#define DEFAULT_SCOPE "面向社会"
/* Characters of a channel's name (struct gk_channel holds 255 bytes). */
#define CHANNEL_NAME_MAX 60
#define OUTCOME_MAX	 (GK_REASON_MAX * 4 + 1)

static int find_key(const struct label *table, const char *key)
{
	for (int i = 0; key && table[i].key; i++)
		if (strcmp(table[i].key, key) == 0)
			return i;
	return -1;
}

static const char *label_of(const struct label *table, const char *key)
{
	int i = find_key(table, key);
	return i < 0 ? key : _(table[i].label);
}

const char *gk_validity_label(const char *key)
{
	return label_of(validities, key);
}
const char *gk_delivery_state_label(const char *key)
{
	return label_of(delivery_states, key);
}
const char *gk_channel_kind_label(const char *key)
{
	return label_of(channel_kinds, key);
}
const char *gk_coverage_kind_label(const char *key)
{
	return label_of(coverage_kinds, key);
}

const char *gk_validity_parse(const char *text)
{
	for (int i = 0; text && validities[i].key; i++)
		if (strcmp(text, validities[i].key) == 0 ||
		    strcmp(text, validity_names_zh[i]) == 0)
			return validities[i].key;
	return NULL;
}

const char *gk_validity_zh(const char *key)
{
	int i = find_key(validities, key);
	return i < 0 ? key : validity_names_zh[i];
}

/* ---- 索引号 ---- */

/* Append n bytes of s to out at *used; 0, or -1 when it does not fit. */
static int append(char *out, size_t size, size_t *used, const char *s, size_t n)
{
	if (*used + n + 1 > size)
		return -1;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return 0;
}

int gk_index_format(const char *pattern, const char *org_code, int year,
		    int month, int serial, char *out, size_t size,
		    struct gk_err *err)
{
	size_t used = 0;
	int has_year = 0, has_serial = 0, fits = 1;
	char number[32];

	if (size)
		out[0] = '\0';
	for (const char *p = pattern; *p;) {
		if (*p != '<') {
			size_t n = strcspn(p, "<");
			fits &= append(out, size, &used, p, n) == 0;
			p += n;
			continue;
		}
		const char *end = strchr(p, '>');
		if (!end)
			return gk_fail(err, GK_EINVAL,
				       _("The 索引号 pattern '%s' has a '<' "
					 "that no '>' closes."),
				       pattern);
		size_t n = (size_t)(end - p - 1);
		const char *field = p + 1;
		if (n == 8 && strncmp(field, "org-code", 8) == 0) {
			fits &= append(out, size, &used, org_code,
				       strlen(org_code)) == 0;
		} else if (n == 4 && strncmp(field, "YYYY", 4) == 0) {
			has_year = 1;
			snprintf(number, sizeof number, "%04d", year);
			fits &= append(out, size, &used, number,
				       strlen(number)) == 0;
		} else if (n == 2 && strncmp(field, "MM", 2) == 0) {
			snprintf(number, sizeof number, "%02d", month);
			fits &= append(out, size, &used, number, 2) == 0;
		} else if (n >= 1 && n <= 9 && strspn(field, "N") == n) {
			if (has_serial++)
				return gk_fail(err, GK_EINVAL,
					       _("The 索引号 pattern '%s' has "
						 "more than one serial "
						 "field."),
					       pattern);
			int digits = snprintf(number, sizeof number, "%0*d",
					      (int)n, serial);
			if (serial < 1 || digits > (int)n)
				return gk_fail(err, GK_EINVAL,
					       _("Serial %d does not fit the "
						 "%zu digits of the 索引号 "
						 "pattern '%s'."),
					       serial, n, pattern);
			fits &= append(out, size, &used, number, n) == 0;
		} else {
			return gk_fail(err, GK_EINVAL,
				       _("The 索引号 pattern '%s' has an "
					 "unknown field <%.*s>; the fields are "
					 "<org-code>, <YYYY>, <MM> and a run "
					 "of N such as <NNNNN>."),
				       pattern, (int)n, field);
		}
		p = end + 1;
	}
	if (!has_year)
		return gk_fail(err, GK_EINVAL,
			       _("The 索引号 pattern '%s' has no <YYYY>, the "
				 "year of publication."),
			       pattern);
	if (!has_serial)
		return gk_fail(err, GK_EINVAL,
			       _("The 索引号 pattern '%s' has no serial "
				 "field such as <NNNNN>."),
			       pattern);
	if (!fits || used > GK_INDEX_NO_MAX)
		return gk_fail(err, GK_EINVAL,
			       _("The 索引号 of pattern '%s' would be longer "
				 "than %d bytes."),
			       pattern, GK_INDEX_NO_MAX);
	return 0;
}

/* ---- the agency and its channels ---- */

struct agency {
	char name[401];
	char org_code[19];
	char index_station[GK_ID_HEX + 1];
	char index_pattern[256];
};

static int load_agency(struct gk_store *store, struct agency *out,
		       struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT name, org_code, index_station, "
			      "index_pattern FROM agency LIMIT 1",
			      "");
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_store_require_init(store, err) < 0
			   ? err->code
			   : gk_fail(err, GK_ENOTFOUND,
				     _("This database has no agency."));
	gk_col_copy(st, 0, out->name, sizeof out->name);
	gk_col_copy(st, 1, out->org_code, sizeof out->org_code);
	gk_col_copy(st, 2, out->index_station, sizeof out->index_station);
	gk_col_copy(st, 3, out->index_pattern, sizeof out->index_pattern);
	sqlite3_finalize(st);
	return 0;
}

/* GK_EDENIED unless this station allocates 索引号. */
static int require_index_station(struct gk_store *store,
				 const struct agency *agency,
				 struct gk_err *err)
{
	char name[GK_STATION_NAME_MAX * 4 + 16];
	if (store->station_id[0] &&
	    strcmp(agency->index_station, store->station_id) == 0)
		return 0;
	gk_sync_station_label(store, agency->index_station, name, sizeof name);
	return gk_fail(err, GK_EDENIED,
		       _("索引号 are allocated by station %s, not by this "
			 "one (%.8s): publish there, or an administrator can "
			 "make this station the one that allocates them "
			 "('gongkai index take', once every change of %s is "
			 "here)."),
		       agency->index_station[0] ? name : _("(none)"),
		       store->station_id, name);
}

/* The folder a channel's files go to: its own, or outbox/<code> beside
 * the database file. */
static void resolve_outbox(struct gk_store *store, const char *code,
			   const char *stored, char *out, size_t size)
{
	if (stored[0]) {
		snprintf(out, size, "%s", stored);
		return;
	}
	const char *db = sqlite3_db_filename(store->sql, "main");
	const char *slash = db ? strrchr(db, '/') : NULL;
	if (slash)
		snprintf(out, size, "%.*s/outbox/%s", (int)(slash - db), db,
			 code);
	else
		snprintf(out, size, "outbox/%s", code);
}

#define CHANNEL_SELECT                                                         \
	"SELECT code, name, position, planned, kind, encoding, outbox "        \
	"FROM channel "

static int fill_channel(void *ctx, void *elem, sqlite3_stmt *st,
			struct gk_err *err)
{
	struct gk_store *store = ctx;
	struct gk_channel *c = elem;
	char outbox[sizeof c->outbox];
	(void)err;
	gk_col_copy(st, 0, c->code, sizeof c->code);
	gk_col_copy(st, 1, c->name, sizeof c->name);
	c->position = sqlite3_column_int(st, 2);
	c->planned = sqlite3_column_int(st, 3);
	gk_col_copy(st, 4, c->kind, sizeof c->kind);
	gk_col_copy(st, 5, c->encoding, sizeof c->encoding);
	gk_col_copy(st, 6, outbox, sizeof outbox);
	resolve_outbox(store, c->code, outbox, c->outbox, sizeof c->outbox);
	return 0;
}

int gk_channel_list(struct gk_store *store, struct gk_channel **out, int *count,
		    struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(store, err, &st,
			       CHANNEL_SELECT "ORDER BY position, code", "");
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_channel, store,
				NULL, out, count, err);
}

/* The channel with code (or name) code into *out; GK_EINVAL naming the
 * valid ones. */
static int find_channel(struct gk_store *store, const char *code,
			struct gk_channel *out, struct gk_err *err)
{
	struct gk_channel *all;
	int n, rc = gk_channel_list(store, &all, &n, err);
	if (rc < 0)
		return rc;
	char known[512] = "";
	size_t used = 0;
	rc = -1;
	for (int i = 0; i < n; i++) {
		if (strcmp(all[i].code, code) == 0 ||
		    strcmp(all[i].name, code) == 0) {
			*out = all[i];
			rc = 0;
		}
		if (used < sizeof known)
			used += (size_t)snprintf(known + used,
						 sizeof known - used, "%s%s",
						 i ? _(", ") : "", all[i].code);
	}
	free(all);
	if (rc == 0)
		return 0;
	return gk_fail(err, GK_EINVAL,
		       _("There is no channel '%s'; the channels are %s."),
		       code, known);
}

/* The channels a publication goes through: codes (count of them), or
 * with codes NULL the planned ones, into a new array *out. */
static int pick_channels(struct gk_store *store, const char *const *codes,
			 int count, struct gk_channel **out, int *n,
			 struct gk_err *err)
{
	int rc;
	*out = NULL;
	*n = 0;
	if (!codes) {
		struct gk_channel *all;
		int total;
		if ((rc = gk_channel_list(store, &all, &total, err)) < 0)
			return rc;
		for (int i = 0; i < total; i++)
			if (all[i].planned)
				all[(*n)++] = all[i];
		if (*n == 0) {
			free(all);
			return gk_fail(err, GK_EINVAL,
				       _("No channel is planned by default; "
					 "choose the channels to publish "
					 "through."));
		}
		*out = all;
		return 0;
	}
	if (count < 1)
		return gk_fail(err, GK_EINVAL,
			       _("Choose at least one channel to publish "
				 "through."));
	struct gk_channel *list = calloc((size_t)count, sizeof *list);
	if (!list)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	for (int i = 0; i < count; i++) {
		for (int j = 0; j < i; j++)
			if (strcmp(codes[i], codes[j]) == 0) {
				free(list);
				return gk_fail(err, GK_EINVAL,
					       _("Channel '%s' is named "
						 "twice."),
					       codes[i]);
			}
		if ((rc = find_channel(store, codes[i], &list[i], err)) < 0) {
			free(list);
			return rc;
		}
	}
	*out = list;
	*n = count;
	return 0;
}

/* ---- the files of a channel ---- */

struct file {
	char name[GK_INDEX_NO_MAX + 8]; /* NAME.html, NAME.txt */
	char *data;			/* encoded; malloc'd */
	size_t len;
};

struct files {
	struct file f[2];
	int n;
};

static void files_free(struct files *files)
{
	for (int i = 0; i < files->n; i++)
		free(files->f[i].data);
	files->n = 0;
}

/* The catalog metadata of a published page, in the order readers of
 * Chinese government websites know. */
struct meta_row {
	const char *name, *value;
};

#define META_ROWS 11

/* The rows into rows; validity (size bytes) holds the 有效性 text, with
 * the date and reason once it ended. */
static int meta_rows(const struct gk_item *item, const struct gk_publication *p,
		     struct meta_row rows[META_ROWS], char *validity,
		     size_t size)
{
	int n = 0;
	if (p->ended_on[0])
		snprintf(validity, size, "%s（自%s起；%s）",
			 gk_validity_zh(p->validity), p->ended_on,
			 p->end_reason);
	else
		snprintf(validity, size, "%s", gk_validity_zh(p->validity));
	rows[n++] = (struct meta_row){"索引号", p->index_no};
	rows[n++] = (struct meta_row){"发布机构", p->issuer};
	rows[n++] = (struct meta_row){"成文日期", p->written_on};
	rows[n++] = (struct meta_row){"发布日期", p->published_on};
	rows[n++] = (struct meta_row){"文号", item->doc_no};
	rows[n++] = (struct meta_row){"主题分类", p->topic};
	rows[n++] = (struct meta_row){"体裁", p->genre};
	rows[n++] = (struct meta_row){"公开方式", gk_attr_zh(item->attr)};
	rows[n++] = (struct meta_row){"有效性", validity};
	rows[n++] = (struct meta_row){"内容概述", p->summary};
	rows[n++] = (struct meta_row){"关键词", p->keywords};
	/* Fields left empty are left out, not printed bare. */
	int kept = 0;
	for (int i = 0; i < n; i++)
		if (rows[i].value && rows[i].value[0])
			rows[kept++] = rows[i];
	return kept;
}

static void render_html(FILE *f, const struct gk_item *item,
			const struct gk_publication *p, const char *encoding)
{
	struct meta_row rows[META_ROWS];
	char validity[sizeof p->end_reason + 64];
	int n = meta_rows(item, p, rows, validity, sizeof validity);
	fprintf(f,
		"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
		"<meta charset=\"%s\">\n<title>",
		encoding);
	gk_text_put_html(f, item->title);
	fputs("</title>\n</head>\n<body>\n<h1>", f);
	gk_text_put_html(f, item->title);
	fputs("</h1>\n<table class=\"catalog\">\n", f);
	for (int i = 0; i < n; i++) {
		fprintf(f, "<tr><th>%s</th><td>", rows[i].name);
		gk_text_put_html(f, rows[i].value);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n<div class=\"body\">\n", f);
	for (const char *line = item->body; *line;) {
		size_t len = strcspn(line, "\n");
		if (strspn(line, " \t\r") < len) {
			char *copy = strndup(line, len);
			fputs("<p>", f);
			if (copy)
				gk_text_put_html(f, copy);
			fputs("</p>\n", f);
			free(copy);
		}
		line += len + (line[len] == '\n');
	}
	fputs("</div>\n</body>\n</html>\n", f);
}

static void render_text(FILE *f, const struct gk_item *item,
			const struct gk_publication *p)
{
	struct meta_row rows[META_ROWS];
	char validity[sizeof p->end_reason + 64];
	int n = meta_rows(item, p, rows, validity, sizeof validity);
	fprintf(f, "%s\n\n", item->title);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s：%s\n", rows[i].name, rows[i].value);
	size_t len = strlen(item->body);
	fprintf(f, "\n%s%s", item->body,
		len && item->body[len - 1] == '\n' ? "" : "\n");
}

/*
 * title between 《》: as it is when it is one 《…》 already, else with the
 * 《》 inside it written 〈〉 (GB/T 15834), as the workstation shows it.
 */
static void put_book_title(FILE *f, const char *title)
{
	static const char open[] = "《", close[] = "》";
	size_t n = strlen(title), k = sizeof open - 1;
	if (n > 2 * k && strncmp(title, open, k) == 0 &&
	    strcmp(title + n - k, close) == 0 && !strstr(title + k, open)) {
		fputs(title, f);
		return;
	}
	fputs(open, f);
	for (const char *t = title; *t;) {
		if (strncmp(t, open, k) == 0) {
			fputs("〈", f);
			t += k;
		} else if (strncmp(t, close, k) == 0) {
			fputs("〉", f);
			t += k;
		} else {
			fputc(*t++, f);
		}
	}
	fputs(close, f);
}

static void render_screen(FILE *f, const struct gk_item *item,
			  const struct gk_publication *p)
{
	if (p->ended_on[0]) {
		fputs("【政府信息公开】", f);
		put_book_title(f, item->title);
		fprintf(f, "自%s起%s（索引号 %s）\n", p->ended_on,
			gk_validity_zh(p->validity), p->index_no);
	} else
		fprintf(f, "【政府信息公开】%s（索引号 %s，%s）\n", item->title,
			p->index_no, p->published_on);
}

/*
 * Refuse, naming the field, a character of a field that the channel's
 * encoding cannot hold, so that the message says where to change it.
 */
static int check_encodable(const struct gk_channel *ch,
			   const struct gk_item *item,
			   const struct gk_publication *p, struct gk_err *err)
{
	const struct {
		const char *field, *text;
		int on_screen;
	} fields[] = {
	    {_("the title"), item->title, 1},
	    {_("the 索引号"), p->index_no, 1},
	    {_("the 内容概述"), p->summary, 0},
	    {_("the 文号"), item->doc_no, 0},
	    {_("the 发布机构"), p->issuer, 0},
	    {_("the 主题分类"), p->topic, 0},
	    {_("the 体裁"), p->genre, 0},
	    {_("the keywords"), p->keywords, 0},
	    {_("the reason it ended"), p->end_reason, 0},
	    {_("the body"), item->body, 0},
	};
	int screen = strcmp(ch->kind, "screen") == 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (screen && !fields[i].on_screen)
			continue;
		char source[512], *out;
		snprintf(source, sizeof source, _("Channel %s (%s), %s"),
			 ch->name, ch->encoding, fields[i].field);
		int rc = gk_text_encode(fields[i].text, strlen(fields[i].text),
					ch->encoding, source, &out, NULL, err);
		if (rc < 0)
			return rc;
		free(out);
	}
	return 0;
}

/* Render one file with render(f, item, p, encoding) and encode it. */
static int render_file(struct file *file, const char *name,
		       const char *extension, const struct gk_channel *ch,
		       const struct gk_item *item,
		       const struct gk_publication *p, struct gk_err *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	if (strcmp(extension, "html") == 0)
		render_html(f, item, p, ch->encoding);
	else if (strcmp(ch->kind, "screen") == 0)
		render_screen(f, item, p);
	else
		render_text(f, item, p);
	if (fclose(f) != 0 || !text) {
		free(text);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	char source[512];
	snprintf(source, sizeof source, _("Channel %s (%s), file %s.%s"),
		 ch->name, ch->encoding, name, extension);
	snprintf(file->name, sizeof file->name, "%s.%s", name, extension);
	int rc = gk_text_encode(text, len, ch->encoding, source, &file->data,
				&file->len, err);
	free(text);
	return rc;
}

/*
 * The files channel ch takes for the publication p of item (none for a
 * manual channel), rendered and encoded into *files.  A character the
 * channel's encoding cannot hold is GK_EINVAL naming it.
 */
static int render_files(const struct gk_channel *ch, const struct gk_item *item,
			const struct gk_publication *p, struct files *files,
			struct gk_err *err)
{
	char name[GK_INDEX_NO_MAX + 1];
	int rc;

	files->n = 0;
	if (strcmp(ch->kind, "manual") == 0)
		return 0;
	if ((rc = check_encodable(ch, item, p, err)) < 0)
		return rc;
	snprintf(name, sizeof name, "%s", p->index_no);
	for (char *s = name; *s; s++)
		if (*s == '/')
			*s = '_';
	if (strcmp(ch->kind, "web") == 0 &&
	    (rc = render_file(&files->f[files->n++], name, "html", ch, item, p,
			      err)) < 0)
		goto fail;
	if ((rc = render_file(&files->f[files->n++], name, "txt", ch, item, p,
			      err)) < 0)
		goto fail;
	return 0;
fail:
	files_free(files);
	return rc;
}

/* mkdir -p dir. */
static int make_dirs(const char *dir)
{
	char path[1024];
	snprintf(path, sizeof path, "%s", dir);
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* What writing a channel's files came to: the paths written, one a
 * line, and why it failed ("" when it did not). */
struct outcome {
	char files[sizeof(((struct gk_delivery *)0)->files)];
	char note[OUTCOME_MAX];
};

/* Write files into ch's outbox; 0, or -1 with out->note saying why. */
static int write_files(const struct gk_channel *ch, const struct files *files,
		       struct outcome *out)
{
	size_t used = 0;
	out->files[0] = out->note[0] = '\0';
	if (make_dirs(ch->outbox) < 0) {
		snprintf(out->note, sizeof out->note,
			 _("Could not make the folder %s: %s."), ch->outbox,
			 strerror(errno));
		return -1;
	}
	for (int i = 0; i < files->n; i++) {
		char path[1200];
		if (gk_file_write_atomic(ch->outbox, files->f[i].name,
					 files->f[i].data, files->f[i].len, 0644,
					 path, sizeof path) <
		    0) {
			snprintf(out->note, sizeof out->note,
				 _("Could not write %s: %s."), path,
				 strerror(errno));
			return -1;
		}
		if (used < sizeof out->files)
			used += (size_t)snprintf(
			    out->files + used, sizeof out->files - used, "%s%s",
			    used ? "\n" : "", path);
	}
	return 0;
}

/* Record what writing came to in the delivery of publication_id to
 * channel, inside the caller's transaction. */
static int record_outcome(struct gk_store *store, const char *actor_id,
			  const char *publication_id, const char *channel,
			  int failed, const struct outcome *outcome,
			  struct gk_err *err)
{
	char now[GK_TIME_LEN];
	gk_store_now(store, now);
	return gk_store_exec(
	    store, err,
	    "UPDATE delivery SET attempts = attempts + 1, files = ?, "
	    "state = ?, note = ?, at = ?, actor_id = ? "
	    "WHERE publication_id = ? AND channel = ?",
	    "ttttttt", outcome->files, failed ? "failed" : "pending",
	    outcome->note, now, actor_id, publication_id, channel);
}

/* ---- publications ---- */

#define PUB_SELECT                                                             \
	"SELECT p.id, p.item_id, p.version_id, v.n, p.hash, p.index_no, "      \
	"p.year, p.serial, p.station, p.published_on, u.login, u.name, p.at, " \
	"p.summary, p.topic, p.genre, p.issuer, p.written_on, p.scope, "       \
	"p.keywords, p.validity, p.ended_on, p.end_reason, "                   \
	"coalesce(c.index_no, '') FROM publication p "                         \
	"JOIN item_version v ON v.id = p.version_id "                          \
	"JOIN user u ON u.id = p.publisher_id "                                \
	"LEFT JOIN publication c ON c.id = p.corrects_id "

static void fill_publication(sqlite3_stmt *st, struct gk_publication *p)
{
	memset(p, 0, sizeof *p);
	gk_col_copy(st, 0, p->id, sizeof p->id);
	gk_col_copy(st, 1, p->item_id, sizeof p->item_id);
	gk_col_copy(st, 2, p->version_id, sizeof p->version_id);
	p->version = sqlite3_column_int(st, 3);
	gk_col_copy(st, 4, p->hash, sizeof p->hash);
	gk_col_copy(st, 5, p->index_no, sizeof p->index_no);
	p->year = sqlite3_column_int(st, 6);
	p->serial = sqlite3_column_int(st, 7);
	gk_col_copy(st, 8, p->station, sizeof p->station);
	gk_col_copy(st, 9, p->published_on, sizeof p->published_on);
	gk_col_copy(st, 10, p->publisher_login, sizeof p->publisher_login);
	gk_col_copy(st, 11, p->publisher_name, sizeof p->publisher_name);
	gk_col_copy(st, 12, p->at, sizeof p->at);
	gk_col_copy(st, 13, p->summary, sizeof p->summary);
	gk_col_copy(st, 14, p->topic, sizeof p->topic);
	gk_col_copy(st, 15, p->genre, sizeof p->genre);
	gk_col_copy(st, 16, p->issuer, sizeof p->issuer);
	gk_col_copy(st, 17, p->written_on, sizeof p->written_on);
	gk_col_copy(st, 18, p->scope, sizeof p->scope);
	gk_col_copy(st, 19, p->keywords, sizeof p->keywords);
	gk_col_copy(st, 20, p->validity, sizeof p->validity);
	gk_col_copy(st, 21, p->ended_on, sizeof p->ended_on);
	gk_col_copy(st, 22, p->end_reason, sizeof p->end_reason);
	gk_col_copy(st, 23, p->corrects_index_no, sizeof p->corrects_index_no);
}

int gk_publication_get(struct gk_store *store, const char *item_id,
		       struct gk_publication *out, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st, PUB_SELECT "WHERE p.item_id = ?",
			      "t", item_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("Item %.8s is not published."), item_id);
	fill_publication(st, out);
	sqlite3_finalize(st);
	return 0;
}

/* The China date (YYYY-MM-DD) of the UTC time iso. */
static void china_date(const char *iso, char out[11])
{
	char t[GK_TIME_LEN];
	gk_time_format(gk_time_parse(iso) + 8 * 3600 * 1000LL, t);
	memcpy(out, t, 10);
	out[10] = '\0';
}

/*
 * 0 when the item's current version is what was signed off in its
 * current round, stored byte for byte as it was hashed; else GK_EDENIED.
 * The date of the sign-off (China time) goes into signed_on.
 */
static int require_signed_text(struct gk_store *store,
			       const struct gk_item *item, char signed_on[11],
			       struct gk_err *err)
{
	sqlite3_stmt *st;
	char version_id[GK_ID_HEX + 1], at[GK_TIME_LEN];
	char computed[GK_HASH_HEX + 1], recorded[GK_HASH_HEX + 1];
	int rc = gk_store_row(store, err, &st,
			      "SELECT version_id, at FROM item_event "
			      "WHERE item_id = ? AND round = ? "
			      "AND action = 'approve' "
			      "ORDER BY step DESC, at DESC LIMIT 1",
			      "td", item->id, item->round);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_EDENIED,
			       _("Item %.8s has no sign-off in its current "
				 "review, so it cannot be published."),
			       item->id);
	gk_col_copy(st, 0, version_id, sizeof version_id);
	gk_col_copy(st, 1, at, sizeof at);
	sqlite3_finalize(st);
	china_date(at, signed_on);
	if (strcmp(version_id, item->version_id) != 0)
		return gk_fail(err, GK_EDENIED,
			       _("Version %d of item %.8s is not the version "
				 "that was signed off; it needs a new review "
				 "before publishing."),
			       item->version, item->id);
	if ((rc = gk_doc_rehash(store, item->version_id, computed, recorded,
				err)) < 0)
		return rc;
	if (strcmp(computed, recorded) != 0 ||
	    strcmp(recorded, item->hash) != 0)
		return gk_fail(err, GK_EDENIED,
			       _("The stored text of item %.8s differs from "
				 "the signed version (its content hash no "
				 "longer matches), so it cannot be "
				 "published."),
			       item->id);
	return 0;
}

/* Every rule of publishing that concerns the actor and the item. */
static int check_publishable(struct gk_store *store, const char *actor_id,
			     const struct gk_item *item,
			     const struct agency *agency, struct gk_user *actor,
			     char signed_on[11], struct gk_err *err)
{
	int rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, actor,
				  err)) < 0 ||
	    (rc = gk_sync_require_settled(store, "item", item->id, err)) < 0)
		return rc;
	if (strcmp(item->state, "published") == 0 ||
	    strcmp(item->state, "withdrawn") == 0) {
		struct gk_publication p;
		if ((rc = gk_publication_get(store, item->id, &p, err)) < 0)
			return rc;
		return gk_fail(err, GK_EDENIED,
			       strcmp(item->state, "published") == 0
				   ? _("Item %.8s is already published, as "
				       "索引号 %s.")
				   : _("Item %.8s was already published, as "
				       "索引号 %s, and is withdrawn now."),
			       item->id, p.index_no);
	}
	if (strcmp(item->state, "signed") != 0)
		return gk_fail(err, GK_EDENIED,
			       _("Only signed-off items can be published "
				 "(this one: %s)."),
			       gk_state_label(item->state));
	if (strcmp(item->attr, "withheld") == 0)
		return gk_fail(err, GK_EDENIED,
			       _("Item %.8s is marked 不予公开 (not "
				 "disclosed), so it cannot be published."),
			       item->id);
	if ((rc = gk_secrecy_require(store, item, err)) < 0 ||
	    (rc = require_signed_text(store, item, signed_on, err)) < 0)
		return rc;
	return require_index_station(store, agency, err);
}

int gk_publish_check(struct gk_store *store, const char *actor_id,
		     const char *item_id, struct gk_err *err)
{
	struct agency agency;
	struct gk_user actor;
	struct gk_item item = {0};
	char signed_on[11];
	int rc;

	/* One read transaction, so every check sees the same state. */
	if (sqlite3_exec(store->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return gk_store_dberr(store, err);
	if ((rc = load_agency(store, &agency, err)) == 0 &&
	    (rc = gk_doc_get(store, item_id, &item, err)) == 0)
		rc = check_publishable(store, actor_id, &item, &agency, &actor,
				       signed_on, err);
	gk_item_free(&item);
	gk_store_rollback(store);
	return rc;
}

/* The next serial of year, inside the caller's transaction. */
static int next_serial(struct gk_store *store, int year, int *serial,
		       struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT coalesce(max(serial), 0) + 1 "
			      "FROM publication WHERE year = ?",
			      "d", year);
	if (rc < 0)
		return rc;
	*serial = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Check a date (NULL or "": today) that may not lie in the future into
 * out, with its year and month. */
static int check_past_date(struct gk_store *store, const char *date,
			   const char *field, char out[11], int *year,
			   int *month, struct gk_err *err)
{
	char today[11];
	int rc;
	gk_store_today(store, today);
	if (!date || !date[0])
		date = today;
	if ((rc = gk_text_check_date(date, field, year, err)) < 0)
		return rc;
	if (strcmp(date, today) > 0)
		return gk_fail(err, GK_EINVAL,
			       _("%s %s is in the future; today is %s."), field,
			       date, today);
	snprintf(out, 11, "%s", date);
	if (month)
		*month = atoi(date + 5);
	return 0;
}

int gk_publish_preview(struct gk_store *store, const char *published_on,
		       char index_no[GK_INDEX_NO_MAX + 1], struct gk_err *err)
{
	struct agency agency;
	char date[11];
	int year, month, serial, rc;

	index_no[0] = '\0';
	if ((rc = check_past_date(store, published_on,
				  _("The publication date (发布日期)"), date,
				  &year, &month, err)) < 0 ||
	    (rc = load_agency(store, &agency, err)) < 0 ||
	    (rc = next_serial(store, year, &serial, err)) < 0)
		return rc;
	return gk_index_format(agency.index_pattern, agency.org_code, year,
			       month, serial, index_no, GK_INDEX_NO_MAX + 1,
			       err);
}

/* Check an optional one-line field (NULL or "" is fine) and copy it, or
 * def when empty, into out. */
static int take_line(const char *s, const char *def, const char *field,
		     size_t max_chars, char *out, size_t size,
		     struct gk_err *err)
{
	int rc;
	if (!s || !s[0])
		s = def;
	if (s[0] && (rc = gk_text_check_line(s, field, max_chars, err)) < 0)
		return rc;
	snprintf(out, size, "%s", s);
	return 0;
}

/* Check what the publisher filled in and copy it into p. */
static int take_meta(struct gk_store *store, const struct gk_pub_meta *meta,
		     struct gk_publication *p, int *month, struct gk_err *err)
{
	int rc;
	if (!meta->summary || !meta->summary[0])
		return gk_fail(err, GK_EINVAL,
			       _("Publishing needs a 内容概述 (summary) of at "
				 "most %d characters."),
			       GK_SUMMARY_MAX);
	if ((rc = take_line(meta->summary, "", _("The 内容概述 (summary)"),
			    GK_SUMMARY_MAX, p->summary, sizeof p->summary,
			    err)) < 0 ||
	    (rc = take_line(meta->topic, "", _("The 主题分类 (topic)"),
			    GK_META_MAX, p->topic, sizeof p->topic, err)) < 0 ||
	    (rc = take_line(meta->genre, "", _("The 体裁 (genre)"), GK_META_MAX,
			    p->genre, sizeof p->genre, err)) < 0 ||
	    (rc = take_line(meta->issuer, "", _("The 发布机构 (issuer)"),
			    GK_ISSUER_MAX, p->issuer, sizeof p->issuer, err)) <
		0 ||
	    (rc = take_line(meta->scope, DEFAULT_SCOPE,
			    _("The 公开范围 (scope)"), GK_META_MAX, p->scope,
			    sizeof p->scope, err)) < 0 ||
	    (rc = take_line(meta->keywords, "", _("The keywords"),
			    GK_KEYWORDS_MAX, p->keywords, sizeof p->keywords,
			    err)) < 0 ||
	    (rc = check_past_date(store, meta->published_on,
				  _("The publication date (发布日期)"),
				  p->published_on, &p->year, month, err)) < 0)
		return rc;
	if (meta->written_on && meta->written_on[0]) {
		if ((rc = gk_text_check_date(meta->written_on,
					     _("The date written (成文日期)"),
					     NULL, err)) < 0)
			return rc;
		if (strcmp(meta->written_on, p->published_on) > 0)
			return gk_fail(err, GK_EINVAL,
				       _("The date written (成文日期) %s is "
					 "after the publication date %s."),
				       meta->written_on, p->published_on);
		snprintf(p->written_on, sizeof p->written_on, "%s",
			 meta->written_on);
	}
	return 0;
}

/* Insert publication p of item with one pending delivery per channel. */
static int
insert_publication(struct gk_store *store, const struct gk_publication *p,
		   const char *publisher_id, const char *corrects_pub_id,
		   const struct gk_channel *channels, int n, struct gk_err *err)
{
	int rc = gk_store_exec(
	    store, err,
	    "INSERT INTO publication (id, item_id, version_id, hash, "
	    "index_no, year, serial, station, published_on, publisher_id, at, "
	    "summary, topic, genre, issuer, written_on, scope, keywords, "
	    "corrects_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?)",
	    "tttttddtttttttttttt", p->id, p->item_id, p->version_id, p->hash,
	    p->index_no, p->year, p->serial, p->station, p->published_on,
	    publisher_id, p->at, p->summary, p->topic, p->genre, p->issuer,
	    p->written_on, p->scope, p->keywords, corrects_pub_id);
	for (int i = 0; rc == 0 && i < n; i++) {
		char id[GK_ID_HEX + 1];
		gk_new_id(id);
		rc = gk_store_exec(store, err,
				   "INSERT INTO delivery (id, publication_id, "
				   "channel, state, at, actor_id) "
				   "VALUES (?, ?, ?, 'pending', ?, ?)",
				   "ttttt", id, p->id, channels[i].code, p->at,
				   publisher_id);
	}
	return rc;
}

/* Write the rendered files of each channel and record what came of it
 * (after the publication committed: a failure is the delivery's). */
static void deliver(struct gk_store *store, const char *actor_id,
		    const char *publication_id,
		    const struct gk_channel *channels, struct files *rendered,
		    int n)
{
	struct outcome *outcomes = calloc((size_t)n, sizeof *outcomes);
	int *failed = calloc((size_t)n, sizeof *failed);
	struct gk_err err;
	if (!outcomes || !failed)
		goto done;
	for (int i = 0; i < n; i++)
		if (rendered[i].n)
			failed[i] = write_files(&channels[i], &rendered[i],
						&outcomes[i]);
	/* If this fails the deliveries stay pending, and a resend writes
	 * the files again. */
	if (gk_store_begin(store, &err) < 0)
		goto done;
	int rc = 0;
	for (int i = 0; rc == 0 && i < n; i++)
		if (rendered[i].n)
			rc = record_outcome(store, actor_id, publication_id,
					    channels[i].code, failed[i] < 0,
					    &outcomes[i], &err);
	gk_store_end(store, rc, &err);
done:
	free(outcomes);
	free(failed);
}

/*
 * After a withdrawal: the channels that took files get them again, now
 * saying 失效/废止 (the page stays up with its status; the display screen
 * announces it), and their deliveries are pending until someone confirms
 * them.  A failure is recorded in its delivery, not returned: the
 * withdrawal stands.
 */
static int redeliver_files(struct gk_store *store, const char *actor_id,
			   const char *item_id)
{
	struct gk_delivery *d;
	struct gk_channel *channels;
	int n, n_channels;
	struct gk_err ignored;
	if (gk_delivery_list(store, item_id, NULL, &d, &n, &ignored) < 0)
		return 0;
	if (gk_channel_list(store, &channels, &n_channels, &ignored) < 0) {
		free(d);
		return 0;
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n_channels; k++)
			if (strcmp(channels[k].code, d[i].channel) == 0 &&
			    strcmp(channels[k].kind, "manual") != 0)
				gk_delivery_resend(store, actor_id, item_id,
						   d[i].channel, &ignored);
	free(channels);
	free(d);
	return 0;
}

/*
 * Inside a write transaction: the publication pub_id of item ends, as key
 * (expired, abolished) from date for reason; the item is withdrawn, with
 * its event and audit entry.
 */
static int end_validity(struct gk_store *store, const struct gk_user *actor,
			const struct gk_item *item, const char *pub_id,
			const char *key, const char *date, const char *reason,
			struct gk_err *err)
{
	char now[GK_TIME_LEN], detail[64];
	int rc;
	gk_store_now(store, now);
	snprintf(detail, sizeof detail, "%s %s", key, date);
	if ((rc = gk_sync_require_settled(store, "item", item->id, err)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE publication SET validity = ?, "
				"ended_on = ?, end_reason = ? WHERE id = ?",
				"tttt", key, date, reason, pub_id)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE item SET state = 'withdrawn', "
				"updated = ? WHERE id = ?",
				"tt", now, item->id)) < 0 ||
	    (rc = gk_doc_event(store, item, actor->id, "withdraw", reason,
			       err)) < 0 ||
	    (rc = gk_audit_append(store, actor->login, GK_AUDIT_WITHDRAW,
				  item->id, detail, err)) < 0)
		return rc;
	return gk_doc_index(store, item->id, err);
}

int gk_publish(struct gk_store *store, const char *actor_id,
	       const char *item_id, const struct gk_pub_meta *meta,
	       char index_no[GK_INDEX_NO_MAX + 1], struct gk_err *err)
{
	struct agency agency;
	struct gk_user actor = {0};
	struct gk_item item = {0};
	struct gk_publication p = {0};
	struct gk_channel *channels = NULL;
	struct files *rendered = NULL;
	char signed_on[11], corrects_pub[GK_ID_HEX + 1] = "";
	int expired_corrected = 0;
	int n = 0, month, rc;

	index_no[0] = '\0';
	if ((rc = take_meta(store, meta, &p, &month, err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = load_agency(store, &agency, err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0 ||
	    (rc = check_publishable(store, actor_id, &item, &agency, &actor,
				    signed_on, err)) < 0 ||
	    (rc = gk_doc_check_seen(&item, meta->seen_hash, err)) < 0 ||
	    (rc = pick_channels(store, meta->channels, meta->channel_count,
				&channels, &n, err)) < 0)
		goto done;
	if (strcmp(p.published_on, signed_on) < 0) {
		rc = gk_fail(err, GK_EINVAL,
			     _("The publication date %s is before the "
			       "sign-off on %s."),
			     p.published_on, signed_on);
		goto done;
	}
	if (!p.issuer[0])
		snprintf(p.issuer, sizeof p.issuer, "%s", agency.name);
	gk_new_id(p.id);
	memcpy(p.item_id, item.id, sizeof p.item_id);
	memcpy(p.version_id, item.version_id, sizeof p.version_id);
	memcpy(p.hash, item.hash, sizeof p.hash);
	memcpy(p.station, store->station_id, sizeof p.station);
	snprintf(p.validity, sizeof p.validity, "valid");
	gk_store_now(store, p.at);
	if ((rc = next_serial(store, p.year, &p.serial, err)) < 0 ||
	    (rc = gk_index_format(agency.index_pattern, agency.org_code, p.year,
				  month, p.serial, p.index_no,
				  sizeof p.index_no, err)) < 0)
		goto done;
	if (item.corrects_id[0]) {
		sqlite3_stmt *st;
		if ((rc = gk_store_row(store, err, &st,
				       "SELECT id FROM publication "
				       "WHERE item_id = ?",
				       "t", item.corrects_id)) < 0)
			goto done;
		if (rc) {
			gk_col_copy(st, 0, corrects_pub, sizeof corrects_pub);
			sqlite3_finalize(st);
		}
	}
	/* Every file is rendered before anything is stored: a character a
	 * channel cannot hold refuses the publication and uses no serial. */
	if (!(rendered = calloc((size_t)n, sizeof *rendered))) {
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	for (int i = 0; i < n; i++)
		if ((rc = render_files(&channels[i], &item, &p, &rendered[i],
				       err)) < 0)
			goto done;
	if ((rc = insert_publication(store, &p, actor.id,
				     corrects_pub[0] ? corrects_pub : NULL,
				     channels, n, err)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE item SET state = 'published', "
				"updated = ? WHERE id = ?",
				"tt", p.at, item.id)) < 0 ||
	    (rc = gk_doc_event(store, &item, actor.id, "publish", p.index_no,
			       err)) < 0 ||
	    (rc = gk_audit_append(store, actor.login, GK_AUDIT_PUBLISH, item.id,
				  p.index_no, err)) < 0 ||
	    (rc = gk_doc_index(store, item.id, err)) < 0)
		goto done;
	/* A published correction replaces what it corrects: that one
	 * expires (失效) the same day, its page saying where to look. */
	struct gk_item corrected = {0};
	if (corrects_pub[0] &&
	    (rc = gk_doc_get(store, item.corrects_id, &corrected, err)) == 0 &&
	    strcmp(corrected.state, "published") == 0) {
		char reason[GK_INDEX_NO_MAX + 64];
		snprintf(reason, sizeof reason, "已更正，见索引号 %s",
			 p.index_no);
		rc = end_validity(store, &actor, &corrected, corrects_pub,
				  "expired", p.published_on, reason, err);
		expired_corrected = rc == 0;
	}
	gk_item_free(&corrected);
done:
	rc = gk_store_end(store, rc, err);
	if (rc == 0) {
		snprintf(index_no, GK_INDEX_NO_MAX + 1, "%s", p.index_no);
		deliver(store, actor.id, p.id, channels, rendered, n);
		if (expired_corrected)
			redeliver_files(store, actor.id, item.corrects_id);
	}
	for (int i = 0; rendered && i < n; i++)
		files_free(&rendered[i]);
	free(rendered);
	free(channels);
	gk_item_free(&item);
	return rc;
}

/* ---- withdrawing and correcting ---- */

/* Check a one-line reason or note: required, at most GK_REASON_MAX
 * characters. */
static int check_reason(const char *s, const char *field, struct gk_err *err)
{
	if (!s || gk_text_blank(s))
		return gk_fail(err, GK_EINVAL, _("%s is required."), field);
	return gk_text_check_line(s, field, GK_REASON_MAX, err);
}

int gk_publish_withdraw(struct gk_store *store, const char *actor_id,
			const char *item_id, const char *validity,
			const char *ended_on, const char *reason,
			struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	struct gk_publication p;
	char date[11];
	int rc;

	const char *key = validity ? gk_validity_parse(validity) : NULL;
	if (!key || strcmp(key, "valid") == 0)
		return gk_fail(err, GK_EINVAL,
			       _("An item is withdrawn as expired (失效) or "
				 "abolished (废止), not '%s'."),
			       validity ? validity : "");
	if ((rc = check_reason(reason, _("The reason"), err)) < 0 ||
	    (rc = check_past_date(store, ended_on, _("The end date"), date,
				  NULL, NULL, err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0)
		goto done;
	if (strcmp(item.state, "withdrawn") == 0) {
		if ((rc = gk_publication_get(store, item.id, &p, err)) == 0)
			rc = gk_fail(err, GK_EDENIED,
				     _("Item %.8s is already withdrawn (%s "
				       "since %s)."),
				     item.id, gk_validity_label(p.validity),
				     p.ended_on);
		goto done;
	}
	if (strcmp(item.state, "published") != 0) {
		rc = gk_fail(err, GK_EDENIED,
			     _("Only published items can be withdrawn (this "
			       "one: %s)."),
			     gk_state_label(item.state));
		goto done;
	}
	if ((rc = gk_publication_get(store, item.id, &p, err)) < 0)
		goto done;
	if (strcmp(date, p.published_on) < 0) {
		rc = gk_fail(err, GK_EINVAL,
			     _("The end date %s is before the publication "
			       "date %s."),
			     date, p.published_on);
		goto done;
	}
	rc = end_validity(store, &actor, &item, p.id, key, date, reason, err);
done:
	gk_item_free(&item);
	if ((rc = gk_store_end(store, rc, err)) < 0)
		return rc;
	return redeliver_files(store, actor_id, item_id);
}

int gk_publish_correct(struct gk_store *store, const char *actor_id,
		       const char *item_id, char new_id[GK_ID_HEX + 1],
		       struct gk_err *err)
{
	struct gk_item item = {0};
	struct gk_publication p;
	int rc;

	new_id[0] = '\0';
	if ((rc = gk_doc_get(store, item_id, &item, err)) < 0)
		return rc;
	/* gk_doc_create checks this again inside its transaction. */
	if (strcmp(item.state, "published") != 0)
		rc = gk_fail(err, GK_EDENIED,
			     _("Only a published item can be corrected (this "
			       "one: %s)."),
			     gk_state_label(item.state));
	gk_item_free(&item);
	/* The correction starts from the content as published. */
	if (rc < 0 || (rc = gk_publication_get(store, item_id, &p, err)) < 0 ||
	    (rc = gk_doc_version(store, item_id, p.version, &item, err)) < 0)
		return rc;
	struct gk_draft d = {.title = item.title,
			     .body = item.body,
			     .doc_no = item.doc_no,
			     .category = item.category,
			     .attr = item.attr};
	rc =
	    gk_doc_create_correction(store, actor_id, &d, item.id, new_id, err);
	gk_item_free(&item);
	return rc;
}

/* ---- channels ---- */

static int check_channel_code(const char *code, struct gk_err *err)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 1 || n > GK_CHANNEL_CODE_MAX ||
	    strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return gk_fail(err, GK_EINVAL,
			       _("A channel code is 1 to %d of a-z, 0-9 and "
				 "'-', not '%s'."),
			       GK_CHANNEL_CODE_MAX, code ? code : "");
	return 0;
}

int gk_channel_add(struct gk_store *store, const char *actor_id,
		   const char *code, const char *name, const char *kind,
		   const char *encoding, const char *outbox, int planned,
		   struct gk_err *err)
{
	struct gk_user actor;
	sqlite3_stmt *st;
	const char *enc = NULL;
	int rc;

	if ((rc = check_channel_code(code, err)) < 0 ||
	    (rc = gk_text_check_line(name ? name : "", _("The channel's name"),
				     CHANNEL_NAME_MAX, err)) < 0)
		return rc;
	if (find_key(channel_kinds, kind) < 0)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown kind of channel '%s'; it is web, "
				 "screen or manual."),
			       kind ? kind : "");
	for (int i = 0; encoding && encodings[i]; i++)
		if (strcasecmp(encoding, encodings[i]) == 0)
			enc = encodings[i];
	if (!enc)
		return gk_fail(err, GK_EINVAL,
			       _("A channel's files are written in UTF-8, "
				 "GB18030 or GBK, not '%s'."),
			       encoding ? encoding : "");
	if (!outbox)
		outbox = "";
	if (outbox[0] && ((rc = gk_text_check_line(
			       outbox, _("The outbox folder"), 512, err)) < 0))
		return rc;
	if (outbox[0] && outbox[0] != '/')
		return gk_fail(err, GK_EINVAL,
			       _("The outbox folder must be an absolute path, "
				 "not '%s'."),
			       outbox);
	if (planned != 0 && planned != 1)
		return gk_fail(err, GK_EINVAL,
			       _("A channel is planned (1) or not (0)."));
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = gk_store_row(store, err, &st,
			       "SELECT code = ? FROM channel "
			       "WHERE code = ? OR name = ? LIMIT 1",
			       "ttt", code, code, name)) < 0)
		goto done;
	if (rc) {
		int same_code = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		rc = same_code
			 ? gk_fail(err, GK_EEXIST,
				   _("There is already a channel '%s'."), code)
			 : gk_fail(err, GK_EEXIST,
				   _("There is already a channel called "
				     "%s."),
				   name);
		goto done;
	}
	if ((rc = gk_store_exec(
		 store, err,
		 "INSERT INTO channel (code, name, position, planned, kind, "
		 "encoding, outbox) VALUES (?, ?, (SELECT coalesce(max("
		 "position), 0) + 1 FROM channel), ?, ?, ?, ?)",
		 "ttdttt", code, name, planned, kind, enc, outbox)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_CHANNEL_ADD, code,
			     name, err);
done:
	return gk_store_end(store, rc, err);
}

/* ---- deliveries ---- */

#define DELIVERY_SELECT                                                        \
	"SELECT p.item_id, p.index_no, v.title, d.channel, c.name, d.state, "  \
	"d.at, u.login, d.attempts, d.files, d.note FROM delivery d "          \
	"JOIN publication p ON p.id = d.publication_id "                       \
	"JOIN item_version v ON v.id = p.version_id "                          \
	"JOIN channel c ON c.code = d.channel "                                \
	"JOIN user u ON u.id = d.actor_id "

static int fill_delivery(void *ctx, void *elem, sqlite3_stmt *st,
			 struct gk_err *err)
{
	struct gk_delivery *d = elem;
	(void)ctx;
	(void)err;
	gk_col_copy(st, 0, d->item_id, sizeof d->item_id);
	gk_col_copy(st, 1, d->index_no, sizeof d->index_no);
	gk_col_copy(st, 2, d->title, sizeof d->title);
	gk_col_copy(st, 3, d->channel, sizeof d->channel);
	gk_col_copy(st, 4, d->channel_name, sizeof d->channel_name);
	gk_col_copy(st, 5, d->state, sizeof d->state);
	gk_col_copy(st, 6, d->at, sizeof d->at);
	gk_col_copy(st, 7, d->actor_login, sizeof d->actor_login);
	d->attempts = sqlite3_column_int(st, 8);
	gk_col_copy(st, 9, d->files, sizeof d->files);
	gk_col_copy(st, 10, d->note, sizeof d->note);
	return 0;
}

int gk_delivery_list(struct gk_store *store, const char *item_id,
		     const char *state, struct gk_delivery **out, int *count,
		     struct gk_err *err)
{
	sqlite3_stmt *st;
	*out = NULL;
	*count = 0;
	if (state && find_key(delivery_states, state) < 0)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown delivery state '%s'; it is pending, "
				 "delivered or failed."),
			       state);
	int rc = gk_store_prep(store, err, &st,
			       DELIVERY_SELECT
			       "WHERE (?1 IS NULL OR p.item_id = ?1) "
			       "AND (?2 IS NULL OR d.state = ?2) "
			       "ORDER BY d.at, p.index_no, c.position",
			       "tt", item_id, state);
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_delivery, NULL,
				NULL, out, count, err);
}

/* The publication of item_id into *p and its delivery to channel's state
 * and time (each unless NULL), inside the caller's transaction;
 * GK_ENOTFOUND saying which is missing. */
static int find_delivery(struct gk_store *store, const char *item_id,
			 const char *channel, struct gk_publication *p,
			 char state[16], char at[GK_TIME_LEN],
			 struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = gk_publication_get(store, item_id, p, err)) < 0 ||
	    (rc = gk_store_row(store, err, &st,
			       "SELECT state, at FROM delivery WHERE "
			       "publication_id = ? AND channel = ?",
			       "tt", p->id, channel)) < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("Item %.8s was not published through channel "
				 "'%s'."),
			       item_id, channel);
	if (state)
		gk_col_copy(st, 0, state, 16);
	if (at)
		gk_col_copy(st, 1, at, GK_TIME_LEN);
	sqlite3_finalize(st);
	return 0;
}

/* Append to item_id's history the event action (deliver, coverage) by
 * actor, inside the caller's transaction. */
static int item_event(struct gk_store *store, const char *item_id,
		      const char *actor_id, const char *action,
		      const char *comment, struct gk_err *err)
{
	struct gk_item item = {0};
	int rc = gk_doc_get(store, item_id, &item, err);
	if (rc == 0)
		rc = gk_doc_event(store, &item, actor_id, action, comment, err);
	gk_item_free(&item);
	return rc;
}

/* "淄川经信网: delivered — note" for the history. */
static void delivery_comment(const char *name, const char *what,
			     const char *note, char *out, size_t size)
{
	snprintf(out, size, "%s: %s%s%s", name, what,
		 note && note[0] ? " — " : "", note ? note : "");
}

int gk_delivery_mark(struct gk_store *store, const char *actor_id,
		     const char *item_id, const char *channel,
		     const char *state, const char *note, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_publication p;
	struct gk_channel ch;
	int found = find_channel(store, channel, &ch, err);
	if (found < 0)
		return found;
	channel = ch.code;
	char now[GK_TIME_LEN], detail[96], was[16], at[GK_TIME_LEN];
	int rc;

	if (!state ||
	    (strcmp(state, "delivered") != 0 && strcmp(state, "failed") != 0))
		return gk_fail(err, GK_EINVAL,
			       _("A delivery is marked delivered or failed, "
				 "not '%s'; resending makes it pending."),
			       state ? state : "");
	if (strcmp(state, "failed") == 0 &&
	    (rc = check_reason(note, _("A note on what failed"), err)) < 0)
		return rc;
	if (note && note[0] &&
	    (rc = gk_text_check_line(note, _("The note"), GK_REASON_MAX, err)) <
		0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) < 0 ||
	    (rc = find_delivery(store, item_id, channel, &p, was, at, err)) < 0)
		goto done;
	if (strcmp(was, "delivered") == 0 && strcmp(state, "delivered") == 0) {
		char local[GK_TIME_LEN];
		gk_time_local(gk_time_parse(at), local);
		rc = gk_fail(err, GK_EINVAL,
			     _("The delivery to channel '%s' was already "
			       "marked delivered (%s)."),
			     channel, local);
		goto done;
	}
	char comment[GK_REASON_MAX * 4 + 320];
	delivery_comment(ch.name, gk_delivery_state_label(state), note, comment,
			 sizeof comment);
	gk_store_now(store, now);
	snprintf(detail, sizeof detail, "%s %s", channel, state);
	if ((rc = gk_store_exec(store, err,
				"UPDATE delivery SET state = ?, note = ?, "
				"at = ?, actor_id = ? WHERE publication_id = ? "
				"AND channel = ?",
				"tttttt", state, note ? note : "", now,
				actor.id, p.id, channel)) < 0 ||
	    (rc = item_event(store, p.item_id, actor.id, "deliver", comment,
			     err)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_DELIVERY, p.item_id,
			     detail, err);
done:
	return gk_store_end(store, rc, err);
}

int gk_delivery_resend(struct gk_store *store, const char *actor_id,
		       const char *item_id, const char *channel,
		       struct gk_err *err)
{
	struct gk_channel ch;
	int found = find_channel(store, channel, &ch, err);
	if (found < 0)
		return found;
	channel = ch.code;
	struct gk_user actor;
	struct gk_publication p;
	struct gk_item item = {0};
	struct files files = {0};
	struct outcome outcome = {0};
	char detail[96];
	int rc, failed = 0;
	struct gk_err why;

	/* Read and render in a read transaction, write the files with no
	 * lock held, then record the outcome. */
	if (sqlite3_exec(store->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return gk_store_dberr(store, err);
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) == 0 &&
	    (rc = find_delivery(store, item_id, channel, &p, NULL, NULL,
				err)) == 0 &&
	    (rc = gk_doc_version(store, p.item_id, p.version, &item, err)) ==
		0) {
		if (render_files(&ch, &item, &p, &files, &why) < 0) {
			failed = 1;
			snprintf(outcome.note, sizeof outcome.note, "%s",
				 why.msg);
		}
	}
	gk_store_rollback(store);
	gk_item_free(&item);
	if (rc < 0)
		return rc;
	if (!failed && files.n && write_files(&ch, &files, &outcome) < 0) {
		failed = 1;
		why.code = GK_EIO;
		snprintf(why.msg, sizeof why.msg, "%.*s",
			 (int)sizeof why.msg - 1, outcome.note);
	}
	int took_files = files.n > 0 || failed;
	files_free(&files);

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) < 0 ||
	    (rc = find_delivery(store, item_id, channel, &p, NULL, NULL, err)) <
		0)
		goto done;
	if (took_files)
		rc = record_outcome(store, actor.id, p.id, channel, failed,
				    &outcome, err);
	else {
		char now[GK_TIME_LEN];
		gk_store_now(store, now);
		rc = gk_store_exec(store, err,
				   "UPDATE delivery SET state = 'pending', "
				   "note = '', at = ?, actor_id = ? "
				   "WHERE publication_id = ? AND channel = ?",
				   "tttt", now, actor.id, p.id, channel);
	}
	snprintf(detail, sizeof detail, "%s resend%s", channel,
		 failed ? " failed" : "");
	char comment[GK_REASON_MAX * 4 + 320];
	delivery_comment(ch.name,
			 failed ? _("sent again, failed") : _("sent again"),
			 failed ? why.msg : NULL, comment, sizeof comment);
	if (rc == 0)
		rc = item_event(store, p.item_id, actor.id, "deliver", comment,
				err);
	if (rc == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_DELIVERY,
				     p.item_id, detail, err);
done:
	rc = gk_store_end(store, rc, err);
	/* The failure is recorded in the delivery; the caller hears it
	 * too. */
	if (rc == 0 && failed)
		rc = gk_fail(err, why.code, "%s", why.msg);
	return rc;
}

/* ---- media coverage ---- */

int gk_coverage_add(struct gk_store *store, const char *actor_id,
		    const char *item_id, const char *outlet, const char *kind,
		    const char *appeared_on, const char *title,
		    struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	struct gk_publication p;
	char date[11], id[GK_ID_HEX + 1], now[GK_TIME_LEN], detail[320];
	int rc;

	if ((rc = gk_text_check_line(outlet ? outlet : "",
				     _("The outlet (media name)"), 100, err)) <
	    0)
		return rc;
	for (size_t i = 0;
	     kind && i < sizeof coverage_names_zh / sizeof *coverage_names_zh;
	     i++)
		if (strcmp(kind, coverage_names_zh[i]) == 0)
			kind = coverage_kinds[i].key;
	if (find_key(coverage_kinds, kind) < 0)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown kind of medium '%s'; it is "
				 "newspaper, online, tv or radio."),
			       kind ? kind : "");
	if ((rc = check_past_date(store, appeared_on, _("The date it appeared"),
				  date, NULL, NULL, err)) < 0)
		return rc;
	if (!title)
		title = "";
	if (title[0] && (rc = gk_text_check_line(title, _("The title"),
						 GK_TITLE_MAX, err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0)
		goto done;
	if (strcmp(item.state, "published") != 0 &&
	    strcmp(item.state, "withdrawn") != 0) {
		rc = gk_fail(err, GK_EDENIED,
			     _("Only published items have media coverage "
			       "(this one: %s)."),
			     gk_state_label(item.state));
		goto done;
	}
	if ((rc = gk_publication_get(store, item.id, &p, err)) < 0)
		goto done;
	if (strcmp(date, p.published_on) < 0) {
		rc = gk_fail(err, GK_EINVAL,
			     _("The date it appeared, %s, is before the "
			       "publication on %s."),
			     date, p.published_on);
		goto done;
	}
	sqlite3_stmt *same;
	if ((rc = gk_store_row(store, err, &same,
			       "SELECT 1 FROM coverage WHERE item_id = ? AND "
			       "outlet = ? AND kind = ? AND appeared_on = ? "
			       "AND title = ?",
			       "ttttt", item.id, outlet, kind, date, title)) <
	    0)
		goto done;
	if (rc == 1) {
		sqlite3_finalize(same);
		rc = gk_fail(err, GK_EEXIST,
			     _("That is recorded already: %s, %s, %s."), outlet,
			     gk_coverage_kind_label(kind), date);
		goto done;
	}
	gk_new_id(id);
	gk_store_now(store, now);
	snprintf(detail, sizeof detail, "%s %s %s", kind, date, outlet);
	if ((rc = gk_store_exec(store, err,
				"INSERT INTO coverage (id, item_id, outlet, "
				"kind, appeared_on, title, actor_id, at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				"tttttttt", id, item.id, outlet, kind, date,
				title, actor.id, now)) < 0)
		goto done;
	char comment[GK_TITLE_MAX * 4 + 512];
	snprintf(comment, sizeof comment, "%s %s（%s）%s%s", date, outlet,
		 gk_coverage_kind_label(kind), title[0] ? "：" : "", title);
	if ((rc = gk_doc_event(store, &item, actor.id, "coverage", comment,
			       err)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_COVERAGE, item.id,
			     detail, err);
done:
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

static int fill_coverage(void *ctx, void *elem, sqlite3_stmt *st,
			 struct gk_err *err)
{
	struct gk_coverage *c = elem;
	(void)ctx;
	(void)err;
	gk_col_copy(st, 0, c->id, sizeof c->id);
	gk_col_copy(st, 1, c->item_id, sizeof c->item_id);
	gk_col_copy(st, 2, c->index_no, sizeof c->index_no);
	gk_col_copy(st, 3, c->outlet, sizeof c->outlet);
	gk_col_copy(st, 4, c->kind, sizeof c->kind);
	gk_col_copy(st, 5, c->appeared_on, sizeof c->appeared_on);
	gk_col_copy(st, 6, c->title, sizeof c->title);
	gk_col_copy(st, 7, c->actor_login, sizeof c->actor_login);
	gk_col_copy(st, 8, c->at, sizeof c->at);
	return 0;
}

int gk_coverage_list(struct gk_store *store, const char *item_id, int year,
		     struct gk_coverage **out, int *count, struct gk_err *err)
{
	sqlite3_stmt *st;
	char from[24], to[24];
	*out = NULL;
	*count = 0;
	/* Any year: from before every date to after every date. */
	snprintf(from, sizeof from, "%04d-01-01", year);
	if (year)
		snprintf(to, sizeof to, "%04d-01-01", year + 1);
	else
		snprintf(to, sizeof to, "~");
	int rc = gk_store_prep(
	    store, err, &st,
	    "SELECT c.id, c.item_id, coalesce(p.index_no, ''), c.outlet, "
	    "c.kind, c.appeared_on, c.title, u.login, c.at FROM coverage c "
	    "LEFT JOIN publication p ON p.item_id = c.item_id "
	    "JOIN user u ON u.id = c.actor_id "
	    "WHERE (?1 IS NULL OR c.item_id = ?1) "
	    "AND c.appeared_on >= ?2 AND c.appeared_on < ?3 "
	    "ORDER BY c.appeared_on, c.at, c.id",
	    "ttt", item_id, from, to);
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_coverage, NULL,
				NULL, out, count, err);
}

/* ---- who allocates 索引号, and how they read ---- */

int gk_index_pattern_set(struct gk_store *store, const char *actor_id,
			 const char *pattern, struct gk_err *err)
{
	struct gk_user actor;
	struct agency agency;
	char sample[GK_INDEX_NO_MAX + 1];
	int rc;

	if ((rc = gk_text_check_line(pattern ? pattern : "",
				     _("The 索引号 pattern"), GK_INDEX_NO_MAX,
				     err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = load_agency(store, &agency, err)) < 0 ||
	    (rc = gk_index_format(pattern, agency.org_code, 2026, 12, 1, sample,
				  sizeof sample, err)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE agency SET index_pattern = ?", "t",
				pattern)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_INDEX_SETTING,
			     "index-pattern", pattern, err);
done:
	return gk_store_end(store, rc, err);
}

int gk_index_station_take(struct gk_store *store, const char *actor_id,
			  struct gk_err *err)
{
	struct gk_user actor;
	struct agency agency;
	char detail[96];
	int rc;

	if ((rc = gk_store_require_init(store, err)) < 0 ||
	    (rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = load_agency(store, &agency, err)) < 0)
		goto done;
	if (strcmp(agency.index_station, store->station_id) == 0) {
		rc = gk_fail(err, GK_EEXIST,
			     _("This station already allocates 索引号."));
		goto done;
	}
	snprintf(detail, sizeof detail, "index-station %.8s -> %.8s",
		 agency.index_station, store->station_id);
	if ((rc = gk_store_exec(store, err,
				"UPDATE agency SET index_station = ?", "t",
				store->station_id)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_INDEX_SETTING,
			     "index-station", detail, err);
done:
	return gk_store_end(store, rc, err);
}
