/*
 * list — a list of rows with one selected (marked ">" in a column of its
 * own), scrolled to keep the selection in view, drawn in columns measured
 * in display widths; and the keys that move in it.  The queues, the
 * catalog and the search results are such lists.  A list may load its
 * rows page by page (load_to), as the queues do, and hold headings the
 * selection passes over (is_heading), as the review checklist does.
 */
#include <curses.h>
#include <limits.h>

#include "i18n.h"
#include "ui.h"

static struct ui_list *list_of(struct screen *s)
{
	return &((struct list_view *)s)->list;
}

int ui_list_height(const struct ui *ui, const struct ui_list *l)
{
	int per_row = l->row_rows > 0 ? l->row_rows : 1;
	int height = (ui->rows - l->chrome) / per_row;
	return height > 1 ? height : 1;
}

void ui_list_load(struct ui *ui, struct screen *s, int i)
{
	struct ui_list *l = list_of(s);
	if (l->load_to && i >= l->count)
		l->load_to(ui, s, i);
}

void ui_list_show(const struct ui *ui, struct ui_list *l)
{
	int height = ui_list_height(ui, l);
	if (l->selected >= l->count)
		l->selected = l->count - 1;
	if (l->selected < 0)
		l->selected = 0;
	if (l->selected >= l->top + height)
		l->top = l->selected - height + 1;
	if (l->selected < l->top)
		l->top = l->selected;
	if (l->top < 0)
		l->top = 0;
}

/* Row i, or the nearest row from it that is not a heading: further in
 * the direction of travel (dir 1 or -1), else back. */
static int off_heading(const struct screen *s, const struct ui_list *l, int i,
		       int dir)
{
	if (!l->is_heading || l->count == 0)
		return i;
	if (i >= l->count)
		i = l->count - 1;
	if (i < 0)
		i = 0;
	for (int j = i; j >= 0 && j < l->count; j += dir)
		if (!l->is_heading(s, j))
			return j;
	for (int j = i; j >= 0 && j < l->count; j -= dir)
		if (!l->is_heading(s, j))
			return j;
	return i;
}

int ui_list_select(struct ui *ui, struct screen *s, int i)
{
	struct ui_list *l = list_of(s);
	ui_list_load(ui, s, i);
	l->selected = off_heading(s, l, i, i < l->selected ? -1 : 1);
	ui_list_show(ui, l);
	return UI_DRAW;
}

const char *ui_list_mark(int selected, int tagged)
{
	if (selected)
		return tagged ? "*>" : " >";
	return tagged ? "* " : "  ";
}

void ui_list_row(struct ui *ui, int y, const char *mark, int mark_attr,
		 const char *const *cells, const int *widths, int n, int attr)
{
	int x = UI_LIST_MARK, rest = ui->cols - UI_LIST_MARK - (n - 1);
	for (int c = 0; c < n; c++)
		rest -= widths[c];
	ui_put(y, 0, mark, UI_LIST_MARK, mark_attr);
	for (int c = 0; c < n; c++) {
		int w = widths[c] ? widths[c] : rest;
		if (w > ui->cols - x)
			w = ui->cols - x;
		if (w <= 0)
			break;
		ui_put(y, x, cells[c], w, attr);
		x += w;
		if (c < n - 1 && x < ui->cols)
			ui_put(y, x++, " ", 1, attr);
	}
}

/* ---- keys ----------------------------------------------------------- */

static int key_down(struct ui *ui, struct screen *s)
{
	return ui_list_select(ui, s, list_of(s)->selected + 1);
}

static int key_up(struct ui *ui, struct screen *s)
{
	return ui_list_select(ui, s, list_of(s)->selected - 1);
}

static int key_page_down(struct ui *ui, struct screen *s)
{
	struct ui_list *l = list_of(s);
	int height = ui_list_height(ui, l), step = height > 1 ? height - 1 : 1;
	ui_list_load(ui, s, l->top + step + height);
	if (l->top + step < l->count)
		l->top += step;
	return ui_list_select(ui, s, l->selected + step);
}

static int key_page_up(struct ui *ui, struct screen *s)
{
	struct ui_list *l = list_of(s);
	int height = ui_list_height(ui, l), step = height > 1 ? height - 1 : 1;
	l->top = l->top > step ? l->top - step : 0;
	return ui_list_select(ui, s, l->selected - step);
}

static int key_first(struct ui *ui, struct screen *s)
{
	list_of(s)->top = 0;
	return ui_list_select(ui, s, 0);
}

static int key_last(struct ui *ui, struct screen *s)
{
	ui_list_load(ui, s, INT_MAX);
	return ui_list_select(ui, s, list_of(s)->count - 1);
}

const struct ui_binding ui_list_keys[] = {
    {UI_ACT_DOWN, {'j', UI_KEY(KEY_DOWN)}, key_down, NULL},
    {UI_ACT_UP, {'k', UI_KEY(KEY_UP)}, key_up, NULL},
    {UI_ACT_PAGE_DOWN,
     {UI_CTRL('f'), UI_KEY(KEY_NPAGE), ' '},
     key_page_down,
     NULL},
    {UI_ACT_PAGE_UP, {UI_CTRL('b'), UI_KEY(KEY_PPAGE), '-'}, key_page_up, NULL},
    {UI_ACT_FIRST, {'g', UI_KEY(KEY_HOME)}, key_first, NULL},
    {UI_ACT_LAST, {'G', UI_KEY(KEY_END)}, key_last, NULL},
    {UI_ACT_NONE, {0}, NULL, NULL},
};
