/*
 * catalog — the agency's 政府信息公开目录 (published items with their
 * metadata), its exports (TSV, CSV for spreadsheets, an HTML index page),
 * and full-text search over items.
 *
 * Search runs on the FTS5 table item_fts (trigram tokenizer) kept by
 * gk_doc_index(): a query whose words all have three or more characters
 * is a MATCH ranked by bm25; a word of one or two characters, which
 * trigrams cannot match, makes it a LIKE over the same columns, ranked by
 * where the words occur (title first) and then by date.  Published and
 * withdrawn items are public; other items are found only by those who may
 * see them (GK_VISIBLE_SQL in doc.h).
 *
 * Arrays returned through out-parameters are the caller's to free();
 * search hits hold one malloc'd string each (gk_search_free).
 */
#ifndef GK_CATALOG_H
#define GK_CATALOG_H

#include "publish.h"

/* X(name, key, label) — the orders of the catalog. */
#define GK_CATALOG_SORTS(X)                                                    \
	X(INDEX, "index", N_("index number"))                                  \
	X(DATE, "date", N_("publication date"))                                \
	X(TITLE, "title", N_("title"))                                         \
	X(CATEGORY, "category", N_("catalog column"))                          \
	X(DEPT, "dept", N_("department"))

/* clang-format off */
enum gk_catalog_sort {
#define GK_CATALOG_SORT_ENUM(name, key, label) GK_CATALOG_SORT_##name,
	GK_CATALOG_SORTS(GK_CATALOG_SORT_ENUM)
#undef GK_CATALOG_SORT_ENUM
	GK_CATALOG_SORT_COUNT
};
/* clang-format on */

/* Key and translated label of sort s; the sort for key, or -1. */
const char *gk_catalog_sort_key(enum gk_catalog_sort s);
const char *gk_catalog_sort_label(enum gk_catalog_sort s);
int gk_catalog_sort_parse(const char *key);

/* Which published items to list; zero/NULL fields select all. */
struct gk_catalog_filter {
	int year;	      /* of the publication date */
	const char *category; /* a 栏目's name */
	const char *dept;     /* a department's name */
	const char *validity; /* a GK_VALIDITIES key */
	enum gk_catalog_sort sort;
	int descending;
	int limit; /* at most this many rows; 0: no limit */
};

/* One row of the catalog: the fields of DOMAIN.md §2. */
struct gk_catalog_row {
	char item_id[GK_ID_HEX + 1];
	char index_no[GK_INDEX_NO_MAX + 1];
	char title[GK_TITLE_MAX * 4 + 1];
	char summary[GK_SUMMARY_MAX * 4 + 1];
	char doc_no[GK_DOC_NO_MAX * 4 + 1];
	char category[256];
	char dept_name[GK_NAME_MAX * 4 + 1];
	char topic[GK_META_MAX * 4 + 1];
	char genre[GK_META_MAX * 4 + 1];
	char issuer[GK_ISSUER_MAX * 4 + 1];
	char written_on[11];
	char published_on[11];
	char attr[16]; /* 公开方式: a GK_ATTRS key */
	char scope[GK_META_MAX * 4 + 1];
	char validity[16]; /* a GK_VALIDITIES key */
	char ended_on[11];
	char keywords[GK_KEYWORDS_MAX * 4 + 1];
};

/*
 * The catalog rows that filter selects, in its order, into *rows (caller
 * frees) and their number into *count; *total (may be NULL) receives how
 * many match without the limit.  GK_EINVAL for an unknown 栏目,
 * department or validity (naming the valid ones).
 */
int gk_catalog_list(struct gk_store *store,
		    const struct gk_catalog_filter *filter,
		    struct gk_catalog_row **rows, int *count, int64_t *total,
		    struct gk_err *err);

/* The years that have publications, newest first, into *years (caller
 * frees). */
int gk_catalog_years(struct gk_store *store, int **years, int *count,
		     struct gk_err *err);

/* X(name, key, label) — export formats of the catalog. */
#define GK_EXPORT_FORMATS(X)                                                   \
	X(TSV, "tsv", N_("tab-separated text"))                                \
	X(CSV, "csv", N_("CSV for spreadsheets"))                              \
	X(HTML, "html", N_("HTML index page"))

/* clang-format off */
enum gk_export_format {
#define GK_EXPORT_ENUM(name, key, label) GK_EXPORT_##name,
	GK_EXPORT_FORMATS(GK_EXPORT_ENUM)
#undef GK_EXPORT_ENUM
	GK_EXPORT_COUNT
};
/* clang-format on */
int gk_export_format_parse(const char *key);

/*
 * The catalog selected by filter as one document in format, encoded in
 * encoding ("UTF-8", "GB18030" or "GBK"; NULL: UTF-8), into a new buffer
 * *out of *len bytes (caller frees).  TSV has one header line and one line
 * per item; CSV follows RFC 4180 with CR LF line ends and, in UTF-8,
 * starts with a byte-order mark (spreadsheets in Chinese offices need it
 * to read UTF-8); HTML is a whole page whose <meta charset> names the
 * encoding.  A character the encoding cannot hold is GK_EINVAL naming it
 * and the item.
 */
int gk_catalog_export(struct gk_store *store,
		      const struct gk_catalog_filter *filter,
		      enum gk_export_format format, const char *encoding,
		      char **out, size_t *len, struct gk_err *err);

/* Around each match in a hit's context. */
#define GK_MATCH_ON  "\x01"
#define GK_MATCH_OFF "\x02"

struct gk_search_hit {
	char item_id[GK_ID_HEX + 1];
	char state[16];			    /* a GK_STATES key */
	char index_no[GK_INDEX_NO_MAX + 1]; /* "" when unpublished */
	char published_on[11];		    /* "" when unpublished */
	char title[GK_TITLE_MAX * 4 + 1];
	char field[16]; /* where the context comes from: title, summary,
			   keywords, body, doc_no or index_no */
	char *context;	/* malloc'd: a few dozen characters of that field
			   around the first match, marked with GK_MATCH_ON
			   and GK_MATCH_OFF, "…" where cut */
};

/*
 * Search for query (words separated by spaces, all must occur; at most 10
 * words and 200 characters) among the items actor may see; only published
 * and withdrawn items when published_only.  At most limit hits (1 …
 * 1000), best first, into *hits; free with gk_search_free().  GK_EINVAL
 * for an empty query.
 */
int gk_search(struct gk_store *store, const char *actor_id, const char *query,
	      int published_only, int limit, struct gk_search_hit **hits,
	      int *count, struct gk_err *err);
void gk_search_free(struct gk_search_hit *hits, int count);

#endif
