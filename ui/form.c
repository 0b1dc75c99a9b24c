/*
 * form — the fields of a form in focus order (the draft, the publish
 * form): Tab and Shift-Tab, Enter and the arrows move between them, a
 * line field takes the editing keys, and before anything is sent every
 * field is checked by the screen's check, which asks the core, so that
 * the first field the core would refuse gets the focus and the core's
 * reason is said.  Fields that are not lines (a choice, the body, a list
 * of channels) take their keys on the screen.
 */
#include <curses.h>
#include <stdlib.h>

#include "i18n.h"
#include "ui.h"

int ui_form_move(struct ui *ui, struct screen *s, struct ui_form *f, int dir)
{
	if (f->leaving)
		f->leaving(ui, s, f->focus);
	f->focus = (f->focus + dir + f->count) % f->count;
	return UI_DRAW;
}

int ui_form_key(struct ui *ui, struct screen *s, struct ui_form *f, int key)
{
	if (key == '\r' || key == '\n' || key == UI_KEY(KEY_ENTER) ||
	    key == UI_KEY(KEY_DOWN))
		return ui_form_move(ui, s, f, 1);
	if (key == UI_KEY(KEY_UP))
		return ui_form_move(ui, s, f, -1);
	struct ui_line *line = f->lines[f->focus];
	return line && ui_line_key(line, key) ? UI_DRAW : UI_UNBOUND;
}

int ui_form_check(struct ui *ui, struct screen *s, struct ui_form *f)
{
	if (!f->check)
		return 0;
	for (int i = 0; i < f->count; i++) {
		struct gk_err err = {0};
		char *text = f->lines[i] ? ui_line_get(f->lines[i]) : NULL;
		if (f->lines[i] && !text) {
			ui_fail(ui, "%s", _("Out of memory."));
			return -1;
		}
		int rc = f->check(ui, s, i, text, &err);
		free(text);
		if (rc < 0) {
			f->focus = i;
			ui_error(ui, &err);
			return -1;
		}
	}
	return 0;
}
