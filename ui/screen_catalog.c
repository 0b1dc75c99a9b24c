/*
 * screen_catalog — the agency's 政府信息公开目录: published and withdrawn
 * items with their 索引号, 发布日期, 名称, 栏目 and 有效性, filtered by
 * year, 栏目, department and 有效性 (Tab chooses one, ] and [ step through
 * its values), in one of the core's orders (GK_CATALOG_SORTS) either way
 * round (O the next order, ~ the other way).  Enter opens an item (its
 * publication and deliveries), / searches the published items' full
 * text, x writes what is shown to a file (CSV for spreadsheets, an HTML
 * page, TSV) through gk_catalog_export.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "i18n.h"
#include "ui.h"

/* The most rows the screen loads; more are there to be filtered (the
 * header says how many matched).  A row is a few kilobytes. */
#define CATALOG_ROWS 2000

/* Rows above the list (title, filters, column headers) and below it
 * (status, message). */
#define ABOVE 3
#define BELOW 2
/* Columns the titles should get at least. */
#define TITLE_MIN 30

/* A filter that cycles through a list of values; at = -1: all. */
struct cycle {
	int at, count;
};

/* The filters in the order Tab goes through them. */
enum filter_part {
	PART_YEAR,
	PART_CATEGORY,
	PART_DEPT,
	PART_VALIDITY,
	PART_COUNT
};

struct catalog_screen {
	struct list_view view;
	struct gk_catalog_row *rows;
	int64_t matched, total; /* matching the filters; in the catalog */
	struct gk_catalog_filter filter;
	int *years;
	struct gk_category *categories;
	struct gk_dept *depts;
	struct cycle year, category, dept, validity;
	enum filter_part part; /* the filter ] and [ change */
	/* Measured columns (measure()): 索引号 whole and without the
	 * agency's code (0: some lack it), 栏目, 有效性. */
	int index_w, short_w, category_w, validity_w;
	/* The 索引号 the next publication would get: measured too, so the
	 * columns stay where they are when no row is shown. */
	char sample_index[GK_INDEX_NO_MAX + 1];
};

static const char *const validities[] = {
#define VALIDITY_KEY(name, key, label) key,
    GK_VALIDITIES(VALIDITY_KEY)
#undef VALIDITY_KEY
};
#define VALIDITY_COUNT ((int)(sizeof validities / sizeof validities[0]))

static struct catalog_screen *catalog_of(struct screen *s)
{
	return (struct catalog_screen *)s;
}

/* ---- loading ---------------------------------------------------------- */

/* The filter of what the cycles select (its strings point into the
 * screen's lists). */
static void apply_cycles(struct catalog_screen *cs)
{
	struct gk_catalog_filter *f = &cs->filter;
	f->year = cs->year.at >= 0 ? cs->years[cs->year.at] : 0;
	f->category =
	    cs->category.at >= 0 ? cs->categories[cs->category.at].name : NULL;
	f->dept = cs->dept.at >= 0 ? cs->depts[cs->dept.at].name : NULL;
	f->validity = cs->validity.at >= 0 ? validities[cs->validity.at] : NULL;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

const char *ui_index_short(const struct ui *ui, const char *index_no, char *out,
			   size_t size)
{
	size_t n = strlen(ui->agency.org_code);
	if (n == 0 || strncmp(index_no, ui->agency.org_code, n) != 0 ||
	    index_no[n] != '/')
		return NULL;
	snprintf(out, size, "…%s", index_no + n);
	return out;
}

/* Widths of the measured columns: the widest value, at least the
 * header, at most a cap (the titles need room at 80 columns).  栏目 and
 * 有效性 are measured on every value they may take, and the 索引号 on a
 * sample too, so that the columns stay put while filters change, also
 * when they leave no row. */
static void measure(const struct ui *ui, struct catalog_screen *cs)
{
	char cut[GK_INDEX_NO_MAX + 8];
	cs->index_w = ui_width(_("Index number"));
	cs->short_w = cs->index_w;
	if (cs->sample_index[0]) {
		cs->index_w = max_int(cs->index_w, ui_width(cs->sample_index));
		if (ui_index_short(ui, cs->sample_index, cut, sizeof cut))
			cs->short_w = max_int(cs->short_w, ui_width(cut));
	}
	cs->category_w = ui_width(_("Category"));
	cs->validity_w = ui_width(_("Validity"));
	for (int i = 0; i < cs->view.list.count; i++) {
		const char *index_no = cs->rows[i].index_no;
		cs->index_w = max_int(cs->index_w, ui_width(index_no));
		if (cs->short_w &&
		    ui_index_short(ui, index_no, cut, sizeof cut))
			cs->short_w = max_int(cs->short_w, ui_width(cut));
		else
			cs->short_w = 0;
	}
	for (int i = 0; i < cs->category.count; i++)
		cs->category_w =
		    max_int(cs->category_w, ui_width(cs->categories[i].name));
	for (int i = 0; i < VALIDITY_COUNT; i++)
		cs->validity_w = max_int(
		    cs->validity_w, ui_width(gk_validity_label(validities[i])));
	if (cs->index_w > 30)
		cs->index_w = 30;
	if (cs->category_w > 12)
		cs->category_w = 12;
	if (cs->validity_w > 16)
		cs->validity_w = 16;
}

/* Read the years (they change as items are published) and keep the
 * year filter on its year, or all when that year is gone. */
static void load_years(struct ui *ui, struct catalog_screen *cs)
{
	struct gk_err err = {0};
	int year = cs->year.at >= 0 ? cs->years[cs->year.at] : 0;
	free(cs->years);
	cs->years = NULL;
	cs->year.count = 0;
	cs->year.at = -1;
	if (gk_catalog_years(ui->store, &cs->years, &cs->year.count, &err) <
	    0) {
		ui_error(ui, &err);
		return;
	}
	for (int i = 0; i < cs->year.count; i++)
		if (cs->years[i] == year)
			cs->year.at = i;
}

/* Load the rows the filters select; keep: keep the selection on the
 * item it was on when it is still listed (else the first row). */
static void reload(struct ui *ui, struct catalog_screen *cs, int keep)
{
	struct ui_list *l = &cs->view.list;
	struct gk_catalog_filter all = {.limit = 1};
	struct gk_catalog_row *rows = NULL, *one = NULL;
	struct gk_err err = {0};
	char was[GK_ID_HEX + 1] = "";
	int n = 0, n_one = 0;
	if (keep && l->selected < l->count)
		memcpy(was, cs->rows[l->selected].item_id, sizeof was);
	load_years(ui, cs);
	apply_cycles(cs);
	cs->filter.limit = CATALOG_ROWS;
	if (gk_catalog_list(ui->store, &cs->filter, &rows, &n, &cs->matched,
			    &err) < 0) {
		ui_error(ui, &err);
		return;
	}
	free(cs->rows);
	cs->rows = rows;
	l->count = n;
	if (gk_catalog_list(ui->store, &all, &one, &n_one, &cs->total, &err) <
	    0)
		cs->total = cs->matched;
	free(one);
	measure(ui, cs);
	l->selected = l->top = 0;
	for (int i = 0; was[0] && i < n; i++)
		if (strcmp(rows[i].item_id, was) == 0)
			l->selected = i;
	ui_list_show(ui, l);
}

/* ---- drawing ---------------------------------------------------------- */

static void draw_title(struct ui *ui, struct catalog_screen *cs)
{
	char line[512], counts[128];
	const struct gk_catalog_filter *f = &cs->filter;
	if (cs->matched > cs->view.list.count)
		snprintf(counts, sizeof counts, _("the first %d of %lld"),
			 cs->view.list.count, (long long)cs->matched);
	else
		snprintf(counts, sizeof counts, _("%lld of %lld"),
			 (long long)cs->matched, (long long)cs->total);
	snprintf(line, sizeof line, _(" %s · %s · sorted by %s %s"),
		 _("Government information catalog"), counts,
		 gk_catalog_sort_label(f->sort), f->descending ? "↓" : "↑");
	ui_put(0, 0, line, ui->cols, ui_attr(ui, UI_COLOR_TITLE));
}

/* One "label value" of the filter line at *x, if active or chosen
 * (highlighted, "all" when not active). */
static void draw_filter(struct ui *ui, int *x, int *shown, const char *label,
			const char *value, int chosen)
{
	char text[512];
	if (!value && chosen)
		value = _("all");
	if (!value || *x >= ui->cols)
		return;
	snprintf(text, sizeof text, _("%s: %s"), label, value);
	if ((*shown)++) {
		ui_put(1, *x, " · ", ui->cols - *x < 3 ? ui->cols - *x : 3,
		       ui_attr(ui, UI_COLOR_DIM));
		*x += 3;
	}
	int w = ui_width(text), room = ui->cols - *x;
	if (w > room)
		w = room;
	if (w <= 0)
		return;
	ui_put(1, *x, text, w,
	       ui_attr(ui, chosen ? UI_COLOR_CURSOR : UI_COLOR_TAGGED));
	*x += w;
}

/* The active filters, or how to filter when none is. */
static void draw_filters(struct ui *ui, struct catalog_screen *cs)
{
	const struct gk_catalog_filter *f = &cs->filter;
	char year[16];
	int x = 1, shown = 0,
	    none = !f->year && !f->category && !f->dept && !f->validity;
	if (none) {
		const char *all = _("All published items; Tab chooses a "
				    "filter, ] and [ change it:");
		int w = ui_width(all);
		ui_put(1, 1, all, ui->cols - 1, ui_attr(ui, UI_COLOR_DIM));
		x = 1 + w + 1;
	}
	snprintf(year, sizeof year, "%d", f->year);
	draw_filter(ui, &x, &shown, _("Year"), f->year ? year : NULL,
		    cs->part == PART_YEAR);
	draw_filter(ui, &x, &shown, _("Category"), f->category,
		    cs->part == PART_CATEGORY);
	draw_filter(ui, &x, &shown, _("Department"), f->dept,
		    cs->part == PART_DEPT);
	draw_filter(ui, &x, &shown, _("Validity"),
		    f->validity ? gk_validity_label(f->validity) : NULL,
		    cs->part == PART_VALIDITY);
	if (!none && x + 2 < ui->cols) {
		char clear[256];
		snprintf(clear, sizeof clear, " · %s", _("* clears them"));
		ui_put(1, x, clear, ui->cols - x, ui_attr(ui, UI_COLOR_DIM));
	}
}

static void catalog_draw(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	struct ui_list *l = &cs->view.list;
	int widths[5] = {cs->index_w, 10, 0, cs->category_w, cs->validity_w};
	int head = ui_attr(ui, UI_COLOR_HEADER);
	/* Every 索引号 starts with the agency's code: where the titles would
	 * get too little room (80 columns), the code gives way. */
	int title_w = ui->cols - UI_LIST_MARK - 4 - widths[0] - widths[1] -
		      widths[3] - widths[4];
	int cut = cs->short_w && title_w < TITLE_MIN;
	if (cut)
		widths[0] = cs->short_w;
	const char *header[5] = {_("Index number"), _("Published"), _("Title"),
				 _("Category"), _("Validity")};
	draw_title(ui, cs);
	draw_filters(ui, cs);
	ui_list_row(ui, 2, "", head, header, widths, 5, head);
	if (l->count == 0) {
		ui_put(ABOVE + 1, 2,
		       cs->total ? _("Nothing published matches these filters "
				     "(* clears them).")
				 : _("Nothing is published yet."),
		       ui->cols - 4, ui_attr(ui, UI_COLOR_DIM));
		return;
	}
	ui_list_show(ui, l);
	int height = ui_list_height(ui, l);
	for (int i = 0; i < height && l->top + i < l->count; i++) {
		const struct gk_catalog_row *r = &cs->rows[l->top + i];
		int selected = l->top + i == l->selected;
		int attr = selected ? ui_attr(ui, UI_COLOR_CURSOR) : 0;
		/* A withdrawn item stays listed, dimmed, with its status. */
		if (!selected && !gk_validity_in_force(r->validity))
			attr = ui_attr(ui, UI_COLOR_DIM);
		char index_no[GK_INDEX_NO_MAX + 8];
		const char *cells[5] = {cut ? ui_index_short(ui, r->index_no,
							     index_no,
							     sizeof index_no)
					    : r->index_no,
					r->published_on, r->title, r->category,
					gk_validity_label(r->validity)};
		ui_list_row(ui, ABOVE + i, ui_list_mark(selected, 0), attr,
			    cells, widths, 5, attr);
	}
}

static void catalog_status(struct ui *ui, struct screen *s, char *out,
			   size_t size)
{
	struct ui_list *l = &catalog_of(s)->view.list;
	(void)ui;
	snprintf(out, size, "%d/%d", l->count ? l->selected + 1 : 0, l->count);
}

static const char *catalog_hint(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("Enter open · Tab ] [ filter · O sort · ~ reverse · / search "
		 "· x export · ? keys");
}

/* ---- filters and order ------------------------------------------------ */

/* Move a cycle one step (dir 1 or -1) through all, then each value. */
static void step(struct cycle *c, int dir)
{
	c->at += dir;
	if (c->at >= c->count)
		c->at = -1;
	if (c->at < -1)
		c->at = c->count - 1;
}

static int turn(struct ui *ui, struct screen *s, struct cycle *c, int dir)
{
	struct catalog_screen *cs = catalog_of(s);
	if (c->count == 0) {
		ui_fail(ui, "%s", _("There is nothing to choose from."));
		return UI_STATUS;
	}
	step(c, dir);
	reload(ui, cs, 0);
	return UI_DRAW;
}

/* The cycle of the chosen filter. */
static struct cycle *chosen(struct catalog_screen *cs)
{
	switch (cs->part) {
	case PART_YEAR: return &cs->year;
	case PART_CATEGORY: return &cs->category;
	case PART_DEPT: return &cs->dept;
	default: return &cs->validity;
	}
}

static int key_next_value(struct ui *ui, struct screen *s)
{
	return turn(ui, s, chosen(catalog_of(s)), 1);
}

static int key_previous_value(struct ui *ui, struct screen *s)
{
	return turn(ui, s, chosen(catalog_of(s)), -1);
}

static int key_next_filter(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	(void)ui;
	cs->part = (enum filter_part)((cs->part + 1) % PART_COUNT);
	return UI_DRAW;
}

static int key_previous_filter(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	(void)ui;
	cs->part = (enum filter_part)((cs->part + PART_COUNT - 1) % PART_COUNT);
	return UI_DRAW;
}

static int key_clear(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	cs->year.at = cs->category.at = cs->dept.at = cs->validity.at = -1;
	reload(ui, cs, 1);
	ui_say(ui, "%s", _("All published items, no filter."));
	return UI_DRAW;
}

static int key_sort(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	cs->filter.sort = (enum gk_catalog_sort)((cs->filter.sort + 1) %
						 GK_CATALOG_SORT_COUNT);
	reload(ui, cs, 1);
	return UI_DRAW;
}

static int key_reverse(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	cs->filter.descending = !cs->filter.descending;
	reload(ui, cs, 1);
	return UI_DRAW;
}

static int key_reload(struct ui *ui, struct screen *s)
{
	reload(ui, catalog_of(s), 1);
	ui_say(ui, "%s", _("Reloaded."));
	return UI_DRAW;
}

/* ---- the item, search ------------------------------------------------- */

static int key_open(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	struct ui_list *l = &cs->view.list;
	if (l->selected >= l->count) {
		ui_fail(ui, "%s", _("The catalog shows nothing to open."));
		return UI_STATUS;
	}
	ui_push(ui, screen_item_new(ui, cs->rows[l->selected].item_id));
	return UI_CLEAR;
}

static int key_search(struct ui *ui, struct screen *s)
{
	(void)s;
	return screen_search_ask(ui, 1);
}

/* ---- export ----------------------------------------------------------- */

static const struct export_choice {
	const char *label; /* N_() */
	enum gk_export_format format;
	const char *encoding;
	const char *ext;
} exports[] = {
    {N_("CSV, UTF-8 with a byte-order mark"), GK_EXPORT_CSV, "UTF-8", "csv"},
    {N_("CSV, GB18030"), GK_EXPORT_CSV, "GB18030", "csv"},
    {N_("HTML page, UTF-8"), GK_EXPORT_HTML, "UTF-8", "html"},
    {N_("TSV, UTF-8"), GK_EXPORT_TSV, "UTF-8", "tsv"},
};
#define EXPORT_COUNT ((int)(sizeof exports / sizeof exports[0]))

/* Ask for one of the exports with one key in the message line; its index,
 * or -1 when cancelled. */
static int choose_export(struct ui *ui)
{
	for (;;) {
		ui_say(ui, "%s",
		       _("Export as: 1 CSV UTF-8 · 2 CSV GB18030 · 3 HTML · 4 "
			 "TSV (Esc cancels)"));
		ui_redraw(ui);
		int key = ui_getkey();
		if (key == UI_KEY(KEY_RESIZE) || key == UI_CTRL('l'))
			continue;
		ui->message[0] = '\0';
		if (key >= '1' && key < '1' + EXPORT_COUNT)
			return key - '1';
		if (key == '\r' || key == UI_KEY(KEY_ENTER))
			return 0;
		/* A key that is no choice (or a terminal gone) cancels. */
		ui_say(ui, "%s", _("Cancelled."));
		return -1;
	}
}

/* Write len bytes of data to path (created or replaced); 0, or -1 with
 * errno. */
static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t wrote = fwrite(data, 1, len, f);
	int saved = errno;
	if (fclose(f) != 0 || wrote != len) {
		if (wrote != len)
			errno = saved;
		saved = errno;
		remove(path);
		errno = saved;
		return -1;
	}
	return 0;
}

static int key_export(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	struct gk_catalog_filter filter = cs->filter;
	struct gk_err err = {0};
	char suggested[1024], stem[64];
	char *answer = NULL, *path = NULL, *data = NULL;
	size_t len = 0;
	if (cs->matched == 0) {
		ui_fail(ui, "%s", _("The catalog shows nothing to export."));
		return UI_STATUS;
	}
	int c = choose_export(ui);
	if (c < 0)
		return UI_DRAW;
	if (filter.year)
		snprintf(stem, sizeof stem, "%d", filter.year);
	else
		gk_store_today(ui->store, stem);
	/* TRANSLATORS: the start of an exported file's name (目录). */
	snprintf(suggested, sizeof suggested, "~/%s-%s.%s", _("catalog"), stem,
		 exports[c].ext);
	if (!ui_ask_initial(ui, _("Export to:"), suggested, 1, &answer))
		return UI_DRAW;
	path = ui_expand_home(answer);
	free(answer);
	if (!path) {
		ui_fail(ui, "%s", _("Out of memory."));
		return UI_DRAW;
	}
	FILE *exists = fopen(path, "r");
	if (exists) {
		fclose(exists);
		char question[1200];
		snprintf(question, sizeof question, _("%s exists. Replace it?"),
			 path);
		if (!ui_confirm(ui, question)) {
			ui_say(ui, "%s", _("Cancelled."));
			free(path);
			return UI_DRAW;
		}
	}
	/* Everything the filters select, not only the rows loaded. */
	filter.limit = 0;
	if (gk_catalog_export(ui->store, &filter, exports[c].format,
			      exports[c].encoding, &data, &len, &err) < 0) {
		ui_error(ui, &err);
	} else if (write_file(path, data, len) < 0) {
		ui_fail(ui, _("Cannot write %s: %s."), path, strerror(errno));
	} else {
		ui_say(ui,
		       ngettext("Wrote %lld item to %s (%s).",
				"Wrote %lld items to %s (%s).",
				(unsigned long)cs->matched),
		       (long long)cs->matched, path, _(exports[c].label));
	}
	free(data);
	free(path);
	return UI_DRAW;
}

/* ---- keys ------------------------------------------------------------- */

static const struct ui_binding catalog_keys[] = {
    {UI_ACT_OPEN, {'\r', 'o', UI_KEY(KEY_ENTER)}, key_open, NULL},
    {UI_ACT_NEXT_PART,
     {'\t'},
     key_next_filter,
     N_("choose the next filter: year, category (栏目), department, "
	"validity (有效性)")},
    {UI_ACT_PREVIOUS_PART,
     {UI_KEY(KEY_BTAB)},
     key_previous_filter,
     N_("choose the previous filter")},
    {UI_ACT_NEXT_VALUE,
     {']'},
     key_next_value,
     N_("next value of the chosen filter (all, then each)")},
    {UI_ACT_PREVIOUS_VALUE, {'['}, key_previous_value, NULL},
    {UI_ACT_CLEAR_FILTERS, {'*'}, key_clear, NULL},
    {UI_ACT_SORT, {'O'}, key_sort, NULL},
    {UI_ACT_REVERSE, {'~'}, key_reverse, NULL},
    {UI_ACT_SEARCH,
     {'/'},
     key_search,
     N_("search the published items (full text)")},
    {UI_ACT_EXPORT, {'x'}, key_export, NULL},
    {UI_ACT_RELOAD, {'R'}, key_reload, N_("reload the catalog")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const catalog_keymaps[] = {
    ui_list_keys, catalog_keys, ui_browse_keys, NULL};

static void catalog_enter(struct ui *ui, struct screen *s)
{
	/* Back from an item: it may have been withdrawn meanwhile. */
	reload(ui, catalog_of(s), 1);
}

static void catalog_leave(struct ui *ui, struct screen *s)
{
	struct catalog_screen *cs = catalog_of(s);
	(void)ui;
	free(cs->rows);
	free(cs->years);
	free(cs->categories);
	free(cs->depts);
	free(cs);
}

const struct screen_ops screen_catalog_ops = {
    .name = N_("Catalog"),
    .empty = N_("The catalog shows nothing to open."),
    .keymaps = catalog_keymaps,
    .enter = catalog_enter,
    .draw = catalog_draw,
    .status = catalog_status,
    .hint = catalog_hint,
    .leave = catalog_leave,
};

struct screen *screen_catalog_new(struct ui *ui)
{
	struct catalog_screen *cs = calloc(1, sizeof *cs);
	struct gk_err err = {0};
	if (!cs) {
		ui_fail(ui, "%s", _("Out of memory."));
		return NULL;
	}
	cs->view.base.ops = &screen_catalog_ops;
	cs->view.list.chrome = ABOVE + BELOW;
	cs->year.at = cs->category.at = cs->dept.at = cs->validity.at = -1;
	cs->validity.count = VALIDITY_COUNT;
	/* A preview, not a reservation; none when the pattern fails. */
	if (gk_publish_preview(ui->store, NULL, cs->sample_index, &err) < 0)
		cs->sample_index[0] = '\0';
	/* Newest first: the latest 索引号 at the top. */
	cs->filter.sort = GK_CATALOG_SORT_INDEX;
	cs->filter.descending = 1;
	if (gk_category_list(ui->store, &cs->categories, &cs->category.count,
			     &err) < 0 ||
	    gk_dept_list(ui->store, &cs->depts, &cs->dept.count, &err) < 0) {
		ui_error(ui, &err);
		catalog_leave(ui, &cs->view.base);
		return NULL;
	}
	return &cs->view.base;
}
