/*
 * screen_search — the hits of a full-text search (gk_search), best first:
 * among the catalog's published and withdrawn items (/ in the catalog),
 * or among all the items the user may see (S on the queues).  A hit takes
 * two rows: its 索引号 (or, unpublished, its state), date and title, and
 * when withdrawn its 有效性 (dimmed, as in the catalog); then the text
 * around the match, the matched words highlighted.  Enter opens the item,
 * / searches again.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "i18n.h"
#include "text.h"
#include "ui.h"

/* The most hits shown (gk_search takes up to 1000). */
#define SEARCH_HITS 200
/* The most matches highlighted in one context. */
#define MAX_MARKS 16
/* Columns of the context row before its text. */
#define CONTEXT_INDENT 4
/* Columns the titles should get at least. */
#define TITLE_MIN 40

struct search_screen {
	struct list_view view;
	int published_only;
	char *query;
	struct gk_search_hit *hits;
	/* The 有效性 of each hit that is withdrawn (a GK_VALIDITIES key),
	 * else "". */
	char (*validity)[16];
	/* The first column (索引号 or state): its width with whole 索引号
	 * and with the agency's code left out; the 有效性 column's, 0 when
	 * there is none (a search of all items without a withdrawn hit). */
	int index_w, short_w, validity_w;
	/* The 索引号 the next publication would get: measured too, so the
	 * columns stay where they are when nothing is found. */
	char sample_index[GK_INDEX_NO_MAX + 1];
	int shown; /* 1 once on top: coming back searches again */
};

static struct search_screen *search_of(struct screen *s)
{
	return (struct search_screen *)s;
}

/* The first column of a hit: its 索引号 (short: without the agency's
 * code, in out), or its state when unpublished. */
static const char *hit_key(const struct ui *ui, const struct gk_search_hit *h,
			   int short_form, char *out, size_t size)
{
	const char *cut;
	if (!h->index_no[0])
		return gk_state_label(h->state);
	if (short_form && (cut = ui_index_short(ui, h->index_no, out, size)))
		return cut;
	return h->index_no;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* The header of the first column. */
static const char *key_header(const struct search_screen *ss)
{
	return ss->published_only ? _("Index number") : _("Index no. or state");
}

/* The 有效性 of the withdrawn hits into ss->validity, and the width of
 * their column: there is one in the catalog's search (as in the catalog,
 * whether or not a hit is withdrawn, so the columns stay put) and in a
 * search of all items with a withdrawn hit.  Measured on every status a
 * withdrawn item may have. */
static void load_validity(struct ui *ui, struct search_screen *ss)
{
	static const char *const ended[] = {"expired", "abolished"};
	struct gk_publication *pub = malloc(sizeof *pub);
	int withdrawn = 0;
	for (int i = 0; ss->validity && i < ss->view.list.count; i++) {
		struct gk_err err = {0};
		ss->validity[i][0] = '\0';
		if (!pub ||
		    gk_state_parse(ss->hits[i].state) != GK_STATE_WITHDRAWN ||
		    gk_publication_get(ui->store, ss->hits[i].item_id, pub,
				       &err) < 0)
			continue;
		snprintf(ss->validity[i], sizeof ss->validity[i], "%s",
			 pub->validity);
		withdrawn = 1;
	}
	free(pub);
	ss->validity_w = 0;
	if (!ss->published_only && !withdrawn)
		return;
	ss->validity_w = ui_width(_("Validity"));
	for (size_t i = 0; i < sizeof ended / sizeof ended[0]; i++)
		ss->validity_w = max_int(ss->validity_w,
					 ui_width(gk_validity_label(ended[i])));
	if (ss->validity_w > 16)
		ss->validity_w = 16;
}

/* Run the search for query (taken over) into ss; 0, or -1 after saying
 * why (the hits shown stay). */
static int run(struct ui *ui, struct search_screen *ss, char *query)
{
	struct gk_search_hit *hits = NULL;
	struct gk_err err = {0};
	char cut[GK_INDEX_NO_MAX + 8];
	int n = 0;
	if (gk_search(ui->store, ui->me.id, query, ss->published_only,
		      SEARCH_HITS, &hits, &n, &err) < 0) {
		ui_error(ui, &err);
		free(query);
		return -1;
	}
	gk_search_free(ss->hits, ss->view.list.count);
	free(ss->query);
	free(ss->validity);
	ss->hits = hits;
	ss->query = query;
	ss->view.list.count = n;
	ss->view.list.selected = ss->view.list.top = 0;
	ss->validity = calloc((size_t)n + 1, sizeof *ss->validity);
	load_validity(ui, ss);
	ss->index_w = ss->short_w = max_int(10, ui_width(key_header(ss)));
	if (ss->sample_index[0]) {
		ss->index_w = max_int(ss->index_w, ui_width(ss->sample_index));
		if (ui_index_short(ui, ss->sample_index, cut, sizeof cut))
			ss->short_w = max_int(ss->short_w, ui_width(cut));
	}
	for (int i = 0; i < n; i++) {
		int w = ui_width(hit_key(ui, &hits[i], 0, cut, sizeof cut));
		int s = ui_width(hit_key(ui, &hits[i], 1, cut, sizeof cut));
		ss->index_w = w > ss->index_w ? w : ss->index_w;
		ss->short_w = s > ss->short_w ? s : ss->short_w;
	}
	if (ss->index_w > 30)
		ss->index_w = 30;
	if (n == 0)
		ui_fail(ui,
			ss->published_only ? _("No published item matches %s.")
					   : _("No item matches %s."),
			query);
	return 0;
}

/* Ask for a query (initial: the one before); NULL when cancelled or
 * blank. */
static char *ask(struct ui *ui, int published_only, const char *initial)
{
	char *query = NULL;
	if (!ui_ask_initial(ui,
			    published_only
				? _("Search the published items (full text):")
				: _("Search all items (full text):"),
			    initial ? initial : "", 0, &query))
		return NULL;
	if (gk_text_blank(query)) {
		/* An empty query does nothing. */
		free(query);
		return NULL;
	}
	return query;
}

/* ---- drawing ---------------------------------------------------------- */

/* Label of the field a context comes from. */
static const char *field_label(const char *field)
{
	static const struct {
		const char *key, *label;
	} fields[] = {
	    {"title", N_("title")},
	    {"summary", N_("summary")},
	    {"body", N_("body")},
	    {"doc_no", N_("document number")},
	    {"index_no", N_("index number")},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(fields[i].key, field) == 0)
			return _(fields[i].label);
	return field;
}

/* The context without its match markers, as a new string, the matched
 * bytes in marks (at most max; their number in *n).  Line ends and tabs
 * become spaces: the context takes one row. */
static char *unmark(const char *context, struct ui_mark *marks, int max, int *n)
{
	char *clean = malloc(strlen(context) + 1), *out = clean;
	long open = -1; /* where the match being read began */
	*n = 0;
	if (!clean)
		return NULL;
	for (const char *p = context; *p; p++) {
		size_t at = (size_t)(out - clean);
		if (*p == GK_MATCH_ON[0]) {
			if (open < 0)
				open = (long)at;
		} else if (*p == GK_MATCH_OFF[0]) {
			if (open >= 0 && at > (size_t)open && *n < max)
				marks[(*n)++] =
				    (struct ui_mark){(size_t)open, at};
			open = -1;
		} else {
			*out++ = *p == '\n' || *p == '\t' ? ' ' : *p;
		}
	}
	*out = '\0';
	/* A match left open runs to the end. */
	size_t end = (size_t)(out - clean);
	if (open >= 0 && end > (size_t)open && *n < max)
		marks[(*n)++] = (struct ui_mark){(size_t)open, end};
	return clean;
}

/*
 * Draw text at (y, x) in width columns, the marked bytes with mark_attr
 * and the rest with attr.  When the first match lies far to the right,
 * the start gives way ("…") so that the match shows.
 */
static void put_marked(int y, int x, int width, const char *text,
		       const struct ui_mark *marks, int n, int attr,
		       int mark_attr)
{
	size_t at = 0, len = strlen(text);
	int used = 0;
	if (n > 0) {
		int lead = ui_width_n(text, marks[0].from);
		if (lead > width / 3) {
			int cols;
			at = ui_wrap(text, marks[0].from, lead - width / 4,
				     &cols);
			used =
			    ui_put_bytes(y, x, "…", strlen("…"), width, attr);
		}
	}
	for (int m = 0; m <= n && used < width; m++) {
		size_t from = m < n ? marks[m].from : len;
		size_t to = m < n ? marks[m].to : len;
		if (to <= at)
			continue;
		if (from < at)
			from = at;
		used += ui_put_bytes(y, x + used, text + at, from - at,
				     width - used, attr);
		used += ui_put_bytes(y, x + used, text + from, to - from,
				     width - used, mark_attr);
		at = to;
	}
	if (used < width)
		ui_put(y, x + used, "", width - used, attr);
}

static void draw_title(struct ui *ui, struct search_screen *ss)
{
	char line[1024], hits[128];
	int n = ss->view.list.count;
	if (n >= SEARCH_HITS)
		snprintf(hits, sizeof hits, _("the best %d hits"), n);
	else
		snprintf(hits, sizeof hits,
			 ngettext("%d hit", "%d hits", (unsigned long)n), n);
	snprintf(line, sizeof line, " %s %s · %s",
		 ss->published_only ? _("Search the published items:")
				    : _("Search all items:"),
		 ss->query, hits);
	ui_put(0, 0, line, ui->cols, ui_attr(ui, UI_COLOR_TITLE));
}

static void search_draw(struct ui *ui, struct screen *s)
{
	struct search_screen *ss = search_of(s);
	struct ui_list *l = &ss->view.list;
	/* The 有效性 column only when a hit is withdrawn. */
	int columns = ss->validity_w ? 4 : 3;
	int others = ss->index_w + 10 + ss->validity_w + columns - 1;
	/* Where the titles would get too little room, the 索引号 lose the
	 * agency's code, as in the catalog. */
	int cut = ui->cols - UI_LIST_MARK - others < TITLE_MIN;
	int widths[4] = {cut ? ss->short_w : ss->index_w, 10, 0,
			 ss->validity_w};
	int dim = ui_attr(ui, UI_COLOR_DIM);
	int mark = ui_attr(ui, UI_COLOR_TAGGED) | (int)A_REVERSE;
	int head = ui_attr(ui, UI_COLOR_HEADER);
	const char *header[4] = {key_header(ss), _("Published"), _("Title"),
				 _("Validity")};
	draw_title(ui, ss);
	ui_list_row(ui, 1, "", head, header, widths, columns, head);
	if (l->count == 0) {
		char line[1024];
		snprintf(line, sizeof line,
			 ss->published_only
			     ? _("No published item matches %s; / searches "
				 "again.")
			     : _("No item matches %s; / searches again."),
			 ss->query);
		ui_put(3, 2, line, ui->cols - 4, dim);
		return;
	}
	ui_list_show(ui, l);
	int height = ui_list_height(ui, l);
	for (int i = 0; i < height && l->top + i < l->count; i++) {
		const struct gk_search_hit *h = &ss->hits[l->top + i];
		const char *validity =
		    ss->validity ? ss->validity[l->top + i] : "";
		int selected = l->top + i == l->selected;
		int attr = selected ? ui_attr(ui, UI_COLOR_CURSOR) : 0;
		/* A withdrawn hit is dimmed, with its status. */
		if (!selected && validity[0])
			attr = dim;
		int y = 2 + 2 * i;
		char index_no[GK_INDEX_NO_MAX + 8];
		const char *cells[4] = {
		    hit_key(ui, h, cut, index_no, sizeof index_no),
		    h->published_on, h->title,
		    validity[0] ? gk_validity_label(validity) : ""};
		ui_list_row(ui, y, ui_list_mark(selected, 0), attr, cells,
			    widths, columns, attr);
		/* Where it matched: "正文：…经信…", the words highlighted. */
		struct ui_mark marks[MAX_MARKS];
		int n_marks, x = CONTEXT_INDENT;
		char label[128];
		char *text = unmark(h->context ? h->context : "", marks,
				    MAX_MARKS, &n_marks);
		ui_put(y + 1, 0, "", CONTEXT_INDENT, 0);
		snprintf(label, sizeof label, _("%s: "), field_label(h->field));
		int w = ui_width(label);
		ui_put(y + 1, x, label, w, dim);
		x += w;
		if (text && x < ui->cols)
			put_marked(y + 1, x, ui->cols - x, text, marks, n_marks,
				   0, mark);
		free(text);
	}
}

static void search_status(struct ui *ui, struct screen *s, char *out,
			  size_t size)
{
	struct ui_list *l = &search_of(s)->view.list;
	(void)ui;
	snprintf(out, size, "%d/%d", l->count ? l->selected + 1 : 0, l->count);
}

static const char *search_hint(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Enter open · / search again · ? keys · q back");
}

/* ---- keys ------------------------------------------------------------- */

static int key_open(struct ui *ui, struct screen *s)
{
	struct search_screen *ss = search_of(s);
	struct ui_list *l = &ss->view.list;
	if (l->selected >= l->count) {
		ui_fail(ui, "%s", _("No hit to open: / searches again."));
		return UI_STATUS;
	}
	ui_push(ui, screen_item_new(ui, ss->hits[l->selected].item_id));
	return UI_CLEAR;
}

static int key_again(struct ui *ui, struct screen *s)
{
	struct search_screen *ss = search_of(s);
	char *query = ask(ui, ss->published_only, ss->query);
	if (query)
		run(ui, ss, query);
	return UI_DRAW;
}

static const struct ui_binding search_keys[] = {
    {UI_ACT_OPEN, {'\r', 'o', UI_KEY(KEY_ENTER)}, key_open, NULL},
    {UI_ACT_SEARCH, {'/'}, key_again, N_("search again")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const search_keymaps[] = {
    ui_list_keys, search_keys, ui_browse_keys, NULL};

static void search_leave(struct ui *ui, struct screen *s)
{
	struct search_screen *ss = search_of(s);
	(void)ui;
	gk_search_free(ss->hits, ss->view.list.count);
	free(ss->query);
	free(ss->validity);
	free(ss);
}

/* Back from an item that may have changed (published, withdrawn): the
 * same search again, the selection kept where it can be. */
static void search_enter(struct ui *ui, struct screen *s)
{
	struct search_screen *ss = search_of(s);
	if (!ss->shown) {
		ss->shown = 1;
		return;
	}
	char *query = strdup(ss->query);
	int selected = ss->view.list.selected, top = ss->view.list.top;
	if (!query || run(ui, ss, query) < 0)
		return;
	if (selected < ss->view.list.count) {
		ss->view.list.selected = selected;
		ss->view.list.top = top;
	}
}

const struct screen_ops screen_search_ops = {
    .name = N_("Search"),
    .empty = N_("No hit to open: / searches again."),
    .keymaps = search_keymaps,
    .enter = search_enter,
    .draw = search_draw,
    .status = search_status,
    .hint = search_hint,
    .leave = search_leave,
};

int screen_search_ask(struct ui *ui, int published_only)
{
	char *query = ask(ui, published_only, NULL);
	if (!query)
		return UI_DRAW;
	struct search_screen *ss = calloc(1, sizeof *ss);
	if (!ss) {
		free(query);
		ui_fail(ui, "%s", _("Out of memory."));
		return UI_DRAW;
	}
	ss->view.base.ops = &screen_search_ops;
	/* The title and the column headers; status and message. */
	ss->view.list.chrome = 2 + 2;
	ss->view.list.row_rows = 2;
	ss->published_only = published_only;
	struct gk_err err = {0};
	if (gk_publish_preview(ui->store, NULL, ss->sample_index, &err) < 0)
		ss->sample_index[0] = '\0';
	/* Nothing found: say so where the question was asked. */
	if (run(ui, ss, query) < 0 || ss->view.list.count == 0) {
		search_leave(ui, &ss->view.base);
		return UI_DRAW;
	}
	ui_push(ui, &ss->view.base);
	return UI_CLEAR;
}
