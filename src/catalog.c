#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agency.h"
#include "i18n.h"
#include "text.h"

/* ---- keys and labels ---------------------------------------------------- */

static const char *const sort_keys[] = {
#define SORT_KEY(name, key, label) key,
    GK_CATALOG_SORTS(SORT_KEY)
#undef SORT_KEY
};
static const char *const sort_labels[] = {
#define SORT_LABEL(name, key, label) label,
    GK_CATALOG_SORTS(SORT_LABEL)
#undef SORT_LABEL
};
static const char *const format_keys[] = {
#define FORMAT_KEY(name, key, label) key,
    GK_EXPORT_FORMATS(FORMAT_KEY)
#undef FORMAT_KEY
};

const char *gk_catalog_sort_key(enum gk_catalog_sort s)
{
	return (unsigned)s < GK_CATALOG_SORT_COUNT ? sort_keys[s] : "";
}

const char *gk_catalog_sort_label(enum gk_catalog_sort s)
{
	return (unsigned)s < GK_CATALOG_SORT_COUNT ? _(sort_labels[s]) : "";
}

int gk_catalog_sort_parse(const char *key)
{
	for (int i = 0; key && i < GK_CATALOG_SORT_COUNT; i++)
		if (strcmp(key, sort_keys[i]) == 0)
			return i;
	return -1;
}

int gk_export_format_parse(const char *key)
{
	for (int i = 0; key && i < GK_EXPORT_COUNT; i++)
		if (strcmp(key, format_keys[i]) == 0)
			return i;
	return -1;
}

/* ---- binding by name ---------------------------------------------------- */

/* Bind text (NULL: NULL) to the parameter called name, if st has it. */
static int bind_text(struct gk_store *store, sqlite3_stmt *st, const char *name,
		     const char *text, struct gk_err *err)
{
	int at = sqlite3_bind_parameter_index(st, name);
	if (!at)
		return 0;
	int rc = text ? sqlite3_bind_text(st, at, text, -1, SQLITE_TRANSIENT)
		      : sqlite3_bind_null(st, at);
	return rc == SQLITE_OK ? 0 : gk_store_dberr(store, err);
}

static int bind_int(struct gk_store *store, sqlite3_stmt *st, const char *name,
		    int64_t value, struct gk_err *err)
{
	int at = sqlite3_bind_parameter_index(st, name);
	if (!at)
		return 0;
	return sqlite3_bind_int64(st, at, value) == SQLITE_OK
		   ? 0
		   : gk_store_dberr(store, err);
}

/* ---- the catalog -------------------------------------------------------- */

/*
 * The catalog is the publication rows: an item is in it from its
 * publication on, withdrawn or not.  p.year is the year of the 发布日期
 * (gk_publish takes the 索引号's year from it), so a year is a range of
 * the (year, serial) index.  Filters are bound as ids, and each is
 * skipped when NULL, so the unfiltered count reads the index alone.
 */
#define CATALOG_FILTER                                                         \
	"p.year BETWEEN :year_from AND :year_to "                              \
	"AND (:validity IS NULL OR p.validity = :validity) "

#define CATALOG_SELECT                                                         \
	"SELECT i.id, p.index_no, v.title, p.summary, v.doc_no, c.name, "      \
	"d.name, p.topic, p.genre, p.issuer, p.written_on, p.published_on, "   \
	"v.attr, p.scope, p.validity, p.ended_on, p.keywords "                 \
	"FROM publication p JOIN item i ON i.id = p.item_id "                  \
	"JOIN item_version v ON v.id = p.version_id "                          \
	"JOIN category c ON c.id = v.category_id "                             \
	"JOIN dept d ON d.id = i.dept_id "                                     \
	"WHERE " CATALOG_FILTER                                                \
	"AND (:category IS NULL OR v.category_id = :category) "                \
	"AND (:dept IS NULL OR i.dept_id = :dept) ORDER BY "

/* Every order ends in (year, serial), which is unique, so equal keys
 * keep one order; descending reverses all of it.  Titles and department
 * names sort by pinyin (the collation store.c installs). */
#define ORDERS(up, down)                                                       \
	{                                                                      \
		CATALOG_SELECT up " LIMIT :limit",                             \
		    CATALOG_SELECT down " LIMIT :limit"                        \
	}
static const char *const catalog_sql[GK_CATALOG_SORT_COUNT][2] = {
    [GK_CATALOG_SORT_INDEX] =
	ORDERS("p.year, p.serial", "p.year DESC, p.serial DESC"),
    [GK_CATALOG_SORT_DATE] =
	ORDERS("p.published_on, p.year, p.serial",
	       "p.published_on DESC, p.year DESC, p.serial DESC"),
    [GK_CATALOG_SORT_TITLE] =
	ORDERS("v.title COLLATE pinyin, p.year, p.serial",
	       "v.title COLLATE pinyin DESC, p.year DESC, p.serial DESC"),
    [GK_CATALOG_SORT_CATEGORY] =
	ORDERS("c.position, p.year, p.serial",
	       "c.position DESC, p.year DESC, p.serial DESC"),
    [GK_CATALOG_SORT_DEPT] =
	ORDERS("d.name COLLATE pinyin, p.year, p.serial",
	       "d.name COLLATE pinyin DESC, p.year DESC, p.serial DESC"),
};

/* The same rows counted, looking up the version and the item only for
 * the filters that need them. */
static const char catalog_count_sql[] =
    "SELECT count(*) FROM publication p WHERE " CATALOG_FILTER
    "AND (:category IS NULL OR (SELECT v.category_id FROM item_version v "
    "WHERE v.id = p.version_id) = :category) "
    "AND (:dept IS NULL OR (SELECT i.dept_id FROM item i "
    "WHERE i.id = p.item_id) = :dept)";

/* A filter checked and resolved to what the queries bind. */
struct resolved {
	const struct gk_catalog_filter *filter;
	const char *validity;				   /* a key, or NULL */
	char category[GK_ID_HEX + 1], dept[GK_ID_HEX + 1]; /* "" for any */
};

/* GK_EINVAL naming the valid values unless the filter's names exist. */
static int resolve_filter(struct gk_store *store,
			  const struct gk_catalog_filter *filter,
			  struct resolved *out, struct gk_err *err)
{
	static const struct gk_catalog_filter all = {0};
	int rc;
	memset(out, 0, sizeof *out);
	out->filter = filter = filter ? filter : &all;
	if ((unsigned)filter->sort >= GK_CATALOG_SORT_COUNT)
		return gk_fail(err, GK_EINVAL, _("Unknown catalog order."));
	if (filter->limit < 0)
		return gk_fail(err, GK_EINVAL,
			       _("A limit must be a positive number."));
	if (filter->category) {
		rc = gk_category_find(store, filter->category, out->category,
				      err);
		if (rc == GK_ENOTFOUND)
			err->code = rc = GK_EINVAL;
		if (rc < 0)
			return rc;
	}
	if (filter->dept) {
		struct gk_dept *depts;
		int n;
		if ((rc = gk_dept_list(store, &depts, &n, err)) < 0)
			return rc;
		char names[1024] = "";
		size_t used = 0;
		for (int i = 0; i < n; i++) {
			if (strcmp(depts[i].name, filter->dept) == 0)
				memcpy(out->dept, depts[i].id,
				       sizeof out->dept);
			used += (size_t)snprintf(
			    names + used,
			    used < sizeof names ? sizeof names - used : 0,
			    "%s%s", used ? "、" : "", depts[i].name);
		}
		free(depts);
		if (!out->dept[0])
			return gk_fail(err, GK_EINVAL,
				       _("No department '%s'; the departments "
					 "are: %s."),
				       filter->dept, names);
	}
	if (filter->validity &&
	    !(out->validity = gk_validity_parse(filter->validity)))
		return gk_fail(err, GK_EINVAL,
			       _("Unknown validity '%s'; it is valid (有效), "
				 "expired (失效) or abolished (废止)."),
			       filter->validity);
	return 0;
}

/* Prepare sql and bind the resolved filter. */
static int prepare_filtered(struct gk_store *store, const char *sql,
			    const struct resolved *r, sqlite3_stmt **st,
			    struct gk_err *err)
{
	const struct gk_catalog_filter *f = r->filter;
	int rc = gk_store_prep(store, err, st, sql, "");
	if (rc < 0)
		return rc;
	if ((rc = bind_int(store, *st, ":year_from", f->year ? f->year : 0,
			   err)) < 0 ||
	    (rc = bind_int(store, *st, ":year_to", f->year ? f->year : 9999,
			   err)) < 0 ||
	    (rc = bind_text(store, *st, ":validity", r->validity, err)) < 0 ||
	    (rc = bind_text(store, *st, ":category",
			    r->category[0] ? r->category : NULL, err)) < 0 ||
	    (rc = bind_text(store, *st, ":dept", r->dept[0] ? r->dept : NULL,
			    err)) < 0 ||
	    (rc = bind_int(store, *st, ":limit", f->limit ? f->limit : -1,
			   err)) < 0) {
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

static int prepare_list(struct gk_store *store, const struct resolved *r,
			sqlite3_stmt **st, struct gk_err *err)
{
	return prepare_filtered(
	    store, catalog_sql[r->filter->sort][!!r->filter->descending], r, st,
	    err);
}

static int fill_row(void *ctx, void *elem, sqlite3_stmt *st, struct gk_err *err)
{
	struct gk_catalog_row *r = elem;
	(void)ctx;
	(void)err;
	gk_col_copy(st, 0, r->item_id, sizeof r->item_id);
	gk_col_copy(st, 1, r->index_no, sizeof r->index_no);
	gk_col_copy(st, 2, r->title, sizeof r->title);
	gk_col_copy(st, 3, r->summary, sizeof r->summary);
	gk_col_copy(st, 4, r->doc_no, sizeof r->doc_no);
	gk_col_copy(st, 5, r->category, sizeof r->category);
	gk_col_copy(st, 6, r->dept_name, sizeof r->dept_name);
	gk_col_copy(st, 7, r->topic, sizeof r->topic);
	gk_col_copy(st, 8, r->genre, sizeof r->genre);
	gk_col_copy(st, 9, r->issuer, sizeof r->issuer);
	gk_col_copy(st, 10, r->written_on, sizeof r->written_on);
	gk_col_copy(st, 11, r->published_on, sizeof r->published_on);
	gk_col_copy(st, 12, r->attr, sizeof r->attr);
	gk_col_copy(st, 13, r->scope, sizeof r->scope);
	gk_col_copy(st, 14, r->validity, sizeof r->validity);
	gk_col_copy(st, 15, r->ended_on, sizeof r->ended_on);
	gk_col_copy(st, 16, r->keywords, sizeof r->keywords);
	return 0;
}

int gk_catalog_list(struct gk_store *store,
		    const struct gk_catalog_filter *filter,
		    struct gk_catalog_row **rows, int *count, int64_t *total,
		    struct gk_err *err)
{
	struct resolved r;
	sqlite3_stmt *st;
	int rc;

	*rows = NULL;
	*count = 0;
	if (total)
		*total = 0;
	if ((rc = resolve_filter(store, filter, &r, err)) < 0 ||
	    (rc = prepare_list(store, &r, &st, err)) < 0 ||
	    (rc = gk_store_collect(store, st, sizeof **rows, fill_row, NULL,
				   NULL, rows, count, err)) < 0)
		return rc;
	if (!total)
		return 0;
	*total = *count;
	/* Only a full page leaves the total unknown. */
	if (!r.filter->limit || *count < r.filter->limit)
		return 0;
	if ((rc = prepare_filtered(store, catalog_count_sql, &r, &st, err)) < 0)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	else
		rc = gk_store_dberr(store, err);
	sqlite3_finalize(st);
	if (rc == 0)
		return 0;
fail:
	free(*rows);
	*rows = NULL;
	*count = 0;
	*total = 0;
	return rc;
}

static int fill_year(void *ctx, void *elem, sqlite3_stmt *st,
		     struct gk_err *err)
{
	(void)ctx;
	(void)err;
	*(int *)elem = sqlite3_column_int(st, 0);
	return 0;
}

int gk_catalog_years(struct gk_store *store, int **years, int *count,
		     struct gk_err *err)
{
	sqlite3_stmt *st;
	*years = NULL;
	*count = 0;
	int rc = gk_store_prep(
	    store, err, &st,
	    "SELECT DISTINCT year FROM publication ORDER BY year DESC", "");
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **years, fill_year, NULL,
				NULL, years, count, err);
}

/* ---- exports ------------------------------------------------------------ */

/* The official names of the catalog's fields (DOMAIN.md §2), in order. */
#define EXPORT_FIELDS 15
static const char *const export_names[EXPORT_FIELDS] = {
    "索引号",	"名称",	    "内容概述", "发布机构", "成文日期",
    "发布日期", "文号",	    "主题分类", "体裁分类", "栏目",
    "公开方式", "公开范围", "有效性",	"废止日期", "关键词",
};

static void export_values(const struct gk_catalog_row *r,
			  const char *values[EXPORT_FIELDS])
{
	values[0] = r->index_no;
	values[1] = r->title;
	values[2] = r->summary;
	values[3] = r->issuer;
	values[4] = r->written_on;
	values[5] = r->published_on;
	values[6] = r->doc_no;
	values[7] = r->topic;
	values[8] = r->genre;
	values[9] = r->category;
	values[10] = gk_attr_zh(r->attr);
	values[11] = r->scope;
	values[12] = gk_validity_zh(r->validity);
	values[13] = r->ended_on;
	values[14] = r->keywords;
}

static void put_tsv(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/* RFC 4180: quoted when it holds a comma, a quote or a line end, with
 * quotes doubled. */
static void put_csv(FILE *f, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static const char html_style[] =
    "<style>\n"
    "body { font-family: \"SimSun\", \"宋体\", \"Songti SC\", serif; "
    "margin: 2em; }\n"
    "h1 { font-size: 1.5em; text-align: center; }\n"
    "table { border-collapse: collapse; width: 100%; }\n"
    "th, td { border: 1px solid #000; padding: 0.2em 0.4em; "
    "vertical-align: top; text-align: left; }\n"
    "th { white-space: nowrap; }\n"
    "</style>\n";

/* One line: the header (values NULL) or an item. */
static void put_line(FILE *f, enum gk_export_format format,
		     const char *const values[EXPORT_FIELDS])
{
	const char *const *cells = values ? values : export_names;
	if (format == GK_EXPORT_HTML)
		fputs("<tr>", f);
	for (int i = 0; i < EXPORT_FIELDS; i++) {
		switch (format) {
		case GK_EXPORT_TSV:
			if (i)
				fputc('\t', f);
			put_tsv(f, cells[i]);
			break;
		case GK_EXPORT_CSV:
			if (i)
				fputc(',', f);
			put_csv(f, cells[i]);
			break;
		default:
			fputs(values ? "<td>" : "<th>", f);
			gk_text_put_html(f, cells[i]);
			fputs(values ? "</td>" : "</th>", f);
		}
	}
	fputs(format == GK_EXPORT_CSV	 ? "\r\n"
	      : format == GK_EXPORT_HTML ? "</tr>\n"
					 : "\n",
	      f);
}

/* The spelling of a supported encoding, or NULL. */
static const char *export_encoding(const char *name)
{
	static const char *const known[] = {"UTF-8", "GB18030", "GBK"};
	if (!name)
		return known[0];
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcasecmp(name, known[i]) == 0)
			return known[i];
	return NULL;
}

/*
 * After the whole document failed to encode: find the field that holds
 * the character and fail naming it, its item's 索引号 and the field.
 * 0 when none is found.
 */
static int locate_unencodable(struct gk_store *store, const char *title,
			      const struct resolved *r, const char *encoding,
			      struct gk_err *err)
{
	struct gk_catalog_row row;
	sqlite3_stmt *st;
	char *out;
	int rc;
	if (title && (rc = gk_text_encode(title, strlen(title), encoding,
					  _("The catalog's title"), &out, NULL,
					  err)) < 0)
		return rc;
	if (title)
		free(out);
	if ((rc = prepare_list(store, r, &st, err)) < 0)
		return rc;
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *values[EXPORT_FIELDS];
		fill_row(NULL, &row, st, err);
		export_values(&row, values);
		rc = 0;
		for (int j = 0; rc == 0 && j < EXPORT_FIELDS; j++) {
			char source[GK_INDEX_NO_MAX + 128];
			snprintf(source, sizeof source, _("索引号 %s, %s"),
				 row.index_no, export_names[j]);
			rc = gk_text_encode(values[j], strlen(values[j]),
					    encoding, source, &out, NULL, err);
			if (rc == 0)
				free(out);
		}
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = gk_store_dberr(store, err);
	sqlite3_finalize(st);
	return rc;
}

/* Write the catalog r selects into f in format, row by row. */
static int write_catalog(struct gk_store *store, FILE *f,
			 enum gk_export_format format, const char *encoding,
			 const char *title, const struct resolved *r,
			 struct gk_err *err)
{
	struct gk_catalog_row row;
	sqlite3_stmt *st;
	int rc = prepare_list(store, r, &st, err);
	if (rc < 0)
		return rc;
	if (format == GK_EXPORT_CSV && strcmp(encoding, "UTF-8") == 0)
		fputs("\xEF\xBB\xBF", f);
	if (format == GK_EXPORT_HTML) {
		fprintf(f,
			"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
			"<meta charset=\"%s\">\n<title>",
			encoding);
		gk_text_put_html(f, title);
		fprintf(f, "</title>\n%s</head>\n<body>\n<h1>", html_style);
		gk_text_put_html(f, title);
		fputs("</h1>\n<table>\n<thead>\n", f);
	}
	put_line(f, format, NULL);
	if (format == GK_EXPORT_HTML)
		fputs("</thead>\n<tbody>\n", f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *values[EXPORT_FIELDS];
		fill_row(NULL, &row, st, err);
		export_values(&row, values);
		put_line(f, format, values);
	}
	if (format == GK_EXPORT_HTML)
		fputs("</tbody>\n</table>\n</body>\n</html>\n", f);
	rc = rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	return rc;
}

int gk_catalog_export(struct gk_store *store,
		      const struct gk_catalog_filter *filter,
		      enum gk_export_format format, const char *encoding,
		      char **out, size_t *len, struct gk_err *err)
{
	struct resolved r;
	struct gk_agency agency;
	char title[sizeof agency.name + 64] = "";
	int rc;

	*out = NULL;
	*len = 0;
	const char *enc = export_encoding(encoding);
	if (!enc)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown encoding %s; the catalog is written "
				 "in UTF-8, GB18030 or GBK."),
			       encoding);
	if ((unsigned)format >= GK_EXPORT_COUNT)
		return gk_fail(err, GK_EINVAL, _("Unknown export format."));
	if ((rc = resolve_filter(store, filter, &r, err)) < 0)
		return rc;
	if (format == GK_EXPORT_HTML) {
		if ((rc = gk_agency_get(store, &agency, err)) < 0)
			return rc;
		snprintf(title, sizeof title, "%s政府信息公开目录",
			 agency.name);
	}

	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	if (!f)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	rc = write_catalog(store, f, format, enc, title, &r, err);
	if (fclose(f) != 0 && rc == 0)
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
	if (rc < 0 || strcmp(enc, "UTF-8") == 0) {
		if (rc < 0)
			free(buf);
		else {
			*out = buf;
			*len = size;
		}
		return rc;
	}
	rc = gk_text_encode(buf, size, enc, _("The catalog"), out, len, err);
	free(buf);
	if (rc == GK_EINVAL) {
		struct gk_err first = *err;
		rc = locate_unencodable(store,
					format == GK_EXPORT_HTML ? title : NULL,
					&r, enc, err);
		if (rc == 0) {
			*err = first;
			rc = first.code;
		}
	}
	return rc;
}

/* ---- search ------------------------------------------------------------- */

#define SEARCH_WORDS_MAX 10
#define SEARCH_CHARS_MAX 200
#define CONTEXT_CHARS	 20

/* The words of a query: pointers into it, and their ASCII-folded copies. */
struct words {
	const char *word[SEARCH_WORDS_MAX];
	size_t len[SEARCH_WORDS_MAX];
	char *folded[SEARCH_WORDS_MAX];
	int n;
	int short_words; /* how many have one or two characters */
};

static void words_free(struct words *w)
{
	for (int i = 0; i < w->n; i++)
		free(w->folded[i]);
}

/* ASCII only, as SQLite's LIKE and the trigram index fold Latin text. */
static void fold_ascii(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

/* The length of the word separator at p (an ASCII or an ideographic
 * space), or 0. */
static size_t separator(const char *p)
{
	if (*p == ' ')
		return 1;
	return strncmp(p, "\u3000", 3) == 0 ? 3 : 0;
}

/* Check query and cut it into w; GK_EINVAL when empty, too long or of
 * too many words. */
static int words_split(const char *query, struct words *w, struct gk_err *err)
{
	memset(w, 0, sizeof *w);
	int rc =
	    gk_text_check_line(query, _("The search"), SEARCH_CHARS_MAX, err);
	if (rc < 0)
		return rc;
	const char *p = query;
	for (;;) {
		size_t skip;
		while ((skip = separator(p)) > 0)
			p += skip;
		if (!*p)
			return 0;
		if (w->n == SEARCH_WORDS_MAX) {
			words_free(w);
			return gk_fail(err, GK_EINVAL,
				       _("A search has at most %d words."),
				       SEARCH_WORDS_MAX);
		}
		const char *start = p;
		while (*p && !separator(p))
			p++;
		size_t len = (size_t)(p - start), chars = 0;
		if (!(w->folded[w->n] = strndup(start, len))) {
			words_free(w);
			return gk_fail(err, GK_ENOMEM, _("Out of memory."));
		}
		fold_ascii(w->folded[w->n], len);
		w->word[w->n] = start;
		w->len[w->n] = len;
		w->n++;
		for (size_t i = 0; i < len; i++)
			chars += ((unsigned char)start[i] & 0xC0) != 0x80;
		w->short_words += chars < 3;
	}
}

/*
 * The FTS5 query for the words of three or more characters: each a
 * quoted phrase (quotes doubled inside), all required.  NULL with *none
 * set when there is none; NULL alone when out of memory.
 */
static char *match_query(const struct words *w, int *none)
{
	size_t size = 1;
	for (int i = 0; i < w->n; i++)
		size += 2 * w->len[i] + 3;
	char *q = malloc(size), *o = q;
	if (!q)
		return NULL;
	for (int i = 0; i < w->n; i++) {
		size_t chars = 0;
		for (size_t j = 0; j < w->len[i]; j++)
			chars += ((unsigned char)w->word[i][j] & 0xC0) != 0x80;
		if (chars < 3)
			continue;
		if (o > q)
			*o++ = ' ';
		*o++ = '"';
		for (size_t j = 0; j < w->len[i]; j++) {
			if (w->word[i][j] == '"')
				*o++ = '"';
			*o++ = w->word[i][j];
		}
		*o++ = '"';
	}
	*o = '\0';
	*none = o == q;
	if (*none) {
		free(q);
		return NULL;
	}
	return q;
}

static int has_ascii_letter(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z'))
			return 1;
	return 0;
}

/* '%word%' for LIKE … ESCAPE '\' (caller frees), or NULL. */
static char *like_pattern(const char *word, size_t len)
{
	char *pattern = malloc(2 * len + 3), *o = pattern;
	if (!pattern)
		return NULL;
	*o++ = '%';
	for (size_t i = 0; i < len; i++) {
		if (word[i] == '%' || word[i] == '_' || word[i] == '\\')
			*o++ = '\\';
		*o++ = word[i];
	}
	*o++ = '%';
	*o = '\0';
	return pattern;
}

/*
 * The queries.  Both join each index row to its item for the visibility
 * rule, rank, and return at most :limit rows: rowid, item id, state,
 * 索引号, publication date and title.  Contexts are cut in C afterwards,
 * from the columns of the hits only.
 */
#define SEARCH_SELECT                                                          \
	"SELECT item_fts.rowid, i.id, i.state, coalesce(p.index_no, ''), "     \
	"coalesce(p.published_on, ''), item_fts.title "                        \
	"FROM item_fts JOIN item i ON i.rowid = item_fts.rowid "               \
	"LEFT JOIN publication p ON p.item_id = i.id "                         \
	"WHERE " GK_VISIBLE_SQL " AND (NOT :published_only OR "                \
	"i.state IN ('published', 'withdrawn'))"
#define SEARCH_NEWEST                                                          \
	"coalesce(p.published_on, substr(i.updated, 1, 10)) DESC, "            \
	"i.rowid DESC LIMIT :limit"

/* Every word of three or more characters: the trigram index, by bm25
 * with the title weighing most, then 文号 and 索引号, 内容概述, body. */
static const char match_sql[] = SEARCH_SELECT
    " AND item_fts MATCH :match "
    "ORDER BY bm25(item_fts, 10.0, 5.0, 1.0, 8.0, 8.0, 5.0), " SEARCH_NEWEST;

/*
 * A word of one or two characters: a scan of every row, for each of up
 * to ten words (:iN the word, NULL when unused), ranked by the same
 * weights summed over the columns each word occurs in.  A word with ASCII
 * letters is matched by LIKE (:wN, its escaped pattern), which ignores
 * their case; any other by instr(), which finds the same in half the time
 * (bench/bench.c: a scan of 100,000 items).
 */
/* clang-format off */
#define FOUND(col, n)                                                          \
	"iif(:w" #n " IS NULL, instr(item_fts." col ", :i" #n ") > 0, "        \
	"item_fts." col " LIKE :w" #n " ESCAPE '\\')"
#define WORD_FOUND(n)                                                          \
	"(:i" #n " IS NULL OR " FOUND("title", n) " OR " FOUND("doc_no", n)    \
	" OR " FOUND("index_no", n) " OR " FOUND("summary", n)                 \
	" OR " FOUND("keywords", n) " OR " FOUND("body", n) ")"
#define WORD_SCORE(n)                                                          \
	"iif(:i" #n " IS NULL, 0, 10 * " FOUND("title", n)                     \
	" + 8 * " FOUND("doc_no", n) " + 8 * " FOUND("index_no", n)            \
	" + 5 * " FOUND("summary", n) " + 5 * " FOUND("keywords", n)           \
	" + " FOUND("body", n) ")"
#define TEN(M, sep)                                                            \
	M(1) sep M(2) sep M(3) sep M(4) sep M(5)                               \
	sep M(6) sep M(7) sep M(8) sep M(9) sep M(10)
/* clang-format on */
#define LIKE_WHERE " AND " TEN(WORD_FOUND, " AND ")
#define LIKE_ORDER " ORDER BY (" TEN(WORD_SCORE, " + ") ") DESC, " SEARCH_NEWEST

static const char like_sql[] = SEARCH_SELECT LIKE_WHERE LIKE_ORDER;
/* The same, when some words have three or more characters: the trigram
 * index finds the candidates that hold those, LIKE checks the rest. */
static const char like_match_sql[] =
    SEARCH_SELECT " AND item_fts MATCH :match" LIKE_WHERE LIKE_ORDER;

/* What the fill callback needs to cut each hit's context. */
struct search_ctx {
	struct gk_store *store;
	const struct words *words;
	sqlite3_stmt *columns; /* the hit's columns by rowid */
};

/* The columns a context may come from, in the order they are tried. */
static const char *const context_fields[] = {"title",	"doc_no",   "index_no",
					     "summary", "keywords", "body"};

/* Back over n characters from at (not before 0). */
static size_t back_chars(const char *s, size_t at, int n)
{
	while (n-- > 0 && at > 0)
		do
			at--;
		while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80);
	return at;
}

static size_t forward_chars(const char *s, size_t len, size_t at, int n)
{
	while (n-- > 0 && at < len)
		do
			at++;
		while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80);
	return at;
}

/*
 * The context of text (len bytes) around the first occurrence of any word
 * (ASCII case-insensitive): CONTEXT_CHARS characters either side, "…"
 * where cut, control characters as spaces, and every occurrence of a word
 * inside it between GK_MATCH_ON and GK_MATCH_OFF.  With no occurrence,
 * *found is 0 and the context is the start of text.  NULL when out of
 * memory.
 */
static char *cut_context(const char *text, size_t len, const struct words *w,
			 int *found)
{
	char *folded = malloc(len + 1);
	if (!folded)
		return NULL;
	memcpy(folded, text, len);
	folded[len] = '\0';
	fold_ascii(folded, len);

	size_t first = len, first_len = 0;
	for (int i = 0; i < w->n; i++) {
		const char *at = memmem(folded, len, w->folded[i], w->len[i]);
		size_t pos = at ? (size_t)(at - folded) : len;
		if (at &&
		    (pos < first || (pos == first && w->len[i] > first_len))) {
			first = pos;
			first_len = w->len[i];
		}
	}
	*found = first < len;
	if (!*found)
		first = 0;
	size_t start = back_chars(text, first, CONTEXT_CHARS);
	size_t end = forward_chars(text, len, first + first_len, CONTEXT_CHARS);
	size_t span = end - start;

	unsigned char *mark = calloc(span + 1, 1);
	char *out = malloc(2 * sizeof "…" + 3 * span + 2);
	if (!mark || !out) {
		free(mark);
		free(out);
		free(folded);
		return NULL;
	}
	for (int i = 0; *found && i < w->n; i++) {
		size_t wl = w->len[i];
		size_t pos = start >= wl ? start - wl + 1 : 0;
		size_t limit = end + wl - 1 < len ? end + wl - 1 : len;
		const char *at;
		while (pos < limit && (at = memmem(folded + pos, limit - pos,
						   w->folded[i], wl))) {
			size_t s = (size_t)(at - folded);
			for (size_t j = s > start ? s : start;
			     j < s + wl && j < end; j++)
				mark[j - start] = 1;
			pos = s + 1;
		}
	}
	char *o = out;
	if (start > 0)
		o += sprintf(o, "…");
	int on = 0;
	for (size_t j = 0; j < span; j++) {
		if (mark[j] != on) {
			*o++ = mark[j] ? GK_MATCH_ON[0] : GK_MATCH_OFF[0];
			on = mark[j];
		}
		unsigned char c = (unsigned char)text[start + j];
		*o++ = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	if (on)
		*o++ = GK_MATCH_OFF[0];
	if (end < len)
		o += sprintf(o, "…");
	*o = '\0';
	free(mark);
	free(folded);
	return out;
}

static int fill_hit(void *ctx, void *elem, sqlite3_stmt *st, struct gk_err *err)
{
	struct search_ctx *c = ctx;
	struct gk_search_hit *h = elem;
	int64_t rowid = sqlite3_column_int64(st, 0);
	gk_col_copy(st, 1, h->item_id, sizeof h->item_id);
	gk_col_copy(st, 2, h->state, sizeof h->state);
	gk_col_copy(st, 3, h->index_no, sizeof h->index_no);
	gk_col_copy(st, 4, h->published_on, sizeof h->published_on);
	gk_col_copy(st, 5, h->title, sizeof h->title);

	sqlite3_reset(c->columns);
	sqlite3_bind_int64(c->columns, 1, rowid);
	int rc = sqlite3_step(c->columns);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return gk_store_dberr(c->store, err);
	for (int col = 0;
	     rc == SQLITE_ROW &&
	     col < (int)(sizeof context_fields / sizeof *context_fields);
	     col++) {
		const char *text =
		    (const char *)sqlite3_column_text(c->columns, col);
		int found;
		if (!text)
			continue;
		h->context = cut_context(
		    text, (size_t)sqlite3_column_bytes(c->columns, col),
		    c->words, &found);
		if (!h->context)
			return gk_fail(err, GK_ENOMEM, _("Out of memory."));
		if (found) {
			snprintf(h->field, sizeof h->field, "%s",
				 context_fields[col]);
			return 0;
		}
		free(h->context);
		h->context = NULL;
	}
	/* The index found what ASCII folding does not (its Unicode case
	 * folding): show the start of the title, unmarked. */
	int none;
	snprintf(h->field, sizeof h->field, "title");
	h->context = cut_context(h->title, strlen(h->title), c->words, &none);
	return h->context ? 0 : gk_fail(err, GK_ENOMEM, _("Out of memory."));
}

static void release_hit(void *elem)
{
	free(((struct gk_search_hit *)elem)->context);
}

void gk_search_free(struct gk_search_hit *hits, int count)
{
	for (int i = 0; hits && i < count; i++)
		free(hits[i].context);
	free(hits);
}

int gk_search(struct gk_store *store, const char *actor_id, const char *query,
	      int published_only, int limit, struct gk_search_hit **hits,
	      int *count, struct gk_err *err)
{
	struct words w;
	struct gk_user me;
	sqlite3_stmt *st = NULL, *columns = NULL;
	char *match = NULL, *patterns[SEARCH_WORDS_MAX] = {0};
	int rc, none = 1;

	*hits = NULL;
	*count = 0;
	if (limit < 1 || limit > 1000)
		return gk_fail(err, GK_EINVAL,
			       _("A search shows 1 to 1000 hits, not %d."),
			       limit);
	if ((rc = words_split(query ? query : "", &w, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, 0, &me, err)) < 0)
		goto done;
	match = match_query(&w, &none);
	if (!match && !none) {
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	for (int i = 0; w.short_words && i < w.n; i++)
		if (has_ascii_letter(w.word[i], w.len[i]) &&
		    !(patterns[i] = like_pattern(w.word[i], w.len[i]))) {
			rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
			goto done;
		}
	const char *sql = !w.short_words ? match_sql
			  : match	 ? like_match_sql
					 : like_sql;
	if ((rc = gk_store_prep(store, err, &st, sql, "")) < 0)
		goto done;
	if ((rc = bind_text(store, st, ":me", me.id, err)) < 0 ||
	    (rc = bind_text(store, st, ":dept", me.dept_id, err)) < 0 ||
	    (rc = bind_int(store, st, ":wide", !!(me.roles & GK_ROLES_WIDE),
			   err)) < 0 ||
	    (rc = bind_int(store, st, ":published_only", !!published_only,
			   err)) < 0 ||
	    (rc = bind_int(store, st, ":limit", limit, err)) < 0 ||
	    (rc = bind_text(store, st, ":match", match, err)) < 0)
		goto done;
	for (int i = 0; w.short_words && i < w.n; i++) {
		char name[16];
		snprintf(name, sizeof name, ":i%d", i + 1);
		if ((rc = bind_text(store, st, name, w.folded[i], err)) < 0)
			goto done;
		snprintf(name, sizeof name, ":w%d", i + 1);
		if ((rc = bind_text(store, st, name, patterns[i], err)) < 0)
			goto done;
	}
	if ((rc = gk_store_prep(store, err, &columns,
				"SELECT title, doc_no, index_no, summary, "
				"keywords, body FROM item_fts WHERE rowid = ?",
				"")) < 0)
		goto done;
	struct search_ctx ctx = {store, &w, columns};
	rc = gk_store_collect(store, st, sizeof **hits, fill_hit, &ctx,
			      release_hit, hits, count, err);
	st = NULL; /* finalized by gk_store_collect */
done:
	sqlite3_finalize(st);
	sqlite3_finalize(columns);
	free(match);
	for (int i = 0; i < SEARCH_WORDS_MAX; i++)
		free(patterns[i]);
	words_free(&w);
	return rc;
}
