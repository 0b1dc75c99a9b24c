/*
 * keys — the actions keys name (UI_ACTIONS), the names of keys, and the
 * help screen generated from a screen's key tables (so help can never
 * disagree with what the keys do).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

static const struct {
	const char *name, *help;
	unsigned needs;
} actions[UI_ACT_COUNT] = {
#define ACTION_ROW(name, id, help, needs) [UI_ACT_##name] = {id, help, needs},
    UI_ACTIONS(ACTION_ROW)
#undef ACTION_ROW
};

const char *ui_action_name(enum ui_action a)
{
	return a > UI_ACT_NONE && a < UI_ACT_COUNT ? actions[a].name : "";
}

const char *ui_action_help(enum ui_action a)
{
	return a > UI_ACT_NONE && a < UI_ACT_COUNT ? actions[a].help : "";
}

unsigned ui_action_needs(enum ui_action a)
{
	return a > UI_ACT_NONE && a < UI_ACT_COUNT ? actions[a].needs : 0;
}

const char *ui_binding_help(const struct ui_binding *b)
{
	return _(b->help ? b->help : ui_action_help(b->action));
}

const struct screen_ops *const ui_screens[] = {&screen_login_ops,
					       &screen_queue_ops,
					       &screen_item_ops,
					       &screen_checklist_ops,
					       &screen_draft_ops,
					       &screen_publish_ops,
					       &screen_catalog_ops,
					       &screen_search_ops,
					       &screen_sync_ops,
					       &screen_sync_files_ops,
					       &screen_conflicts_ops,
					       &screen_text_ops,
					       NULL};

static const struct {
	int key;
	const char *name;
} key_names[] = {
    {UI_KEY(KEY_UP), "↑"},
    {UI_KEY(KEY_DOWN), "↓"},
    {UI_KEY(KEY_LEFT), "←"},
    {UI_KEY(KEY_RIGHT), "→"},
    {UI_KEY(KEY_HOME), "Home"},
    {UI_KEY(KEY_END), "End"},
    {UI_KEY(KEY_PPAGE), "PgUp"},
    {UI_KEY(KEY_NPAGE), "PgDn"},
    {UI_KEY(KEY_ENTER), "Enter"},
    {UI_KEY(KEY_BACKSPACE), "Backspace"},
    {UI_KEY(KEY_DC), "Delete"},
    {UI_KEY(KEY_BTAB), "Shift-Tab"},
    {UI_KEY(KEY_F(1)), "F1"},
    {UI_KEY(KEY_F(2)), "F2"},
    {'\r', "Enter"},
    {'\n', "Enter"},
    {'\t', "Tab"},
    {' ', "Space"},
    {UI_ESC, "Esc"},
    {127, "Backspace"},
};

void ui_key_name(int key, char *out, size_t size)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key) {
			snprintf(out, size, "%s", key_names[i].name);
			return;
		}
	int f = (key & ~UI_FKEY) - KEY_F0;
	if ((key & UI_FKEY) && f > 0 && f <= 63) {
		snprintf(out, size, "F%d", f);
		return;
	}
	if (key & UI_FKEY) {
		/* Modified keys have terminfo names such as kEND5: say
		 * Ctrl-End, as a person would. */
		static const struct {
			char digit;
			const char *mod;
		} mods[] = {{'2', "Shift-"},
			    {'3', "Alt-"},
			    {'5', "Ctrl-"},
			    {'6', "Ctrl-Shift-"}};
		const char *name = keyname(key & ~UI_FKEY);
		size_t n = name ? strlen(name) : 0;
		for (size_t i = 0; n > 2 && name[0] == 'k' &&
				   i < sizeof mods / sizeof mods[0];
		     i++)
			if (name[n - 1] == mods[i].digit) {
				snprintf(out, size, "%s%.*s", mods[i].mod,
					 (int)(n - 2), name + 1);
				return;
			}
		snprintf(out, size, "%s", name ? name : "?");
	} else if (key > 0 && key < 32) {
		snprintf(out, size, "Ctrl-%c", key + 'A' - 1);
	} else {
		wchar_t wide[2] = {(wchar_t)key, 0};
		snprintf(out, size, "%ls", wide);
	}
}

/* Append to a growing string. */
static int append(char **text, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);
	if (*len + n + 1 > *cap) {
		size_t cap2 = (*cap + n + 1) * 2;
		char *bigger = realloc(*text, cap2);
		if (!bigger)
			return -1;
		*text = bigger;
		*cap = cap2;
	}
	memcpy(*text + *len, s, n + 1);
	*len += n;
	return 0;
}

#define KEYS_COLUMN 22

/* Whether key is bound before b in the tables of ops. */
static int bound_before(const struct screen_ops *ops,
			const struct ui_binding *b, int key)
{
	for (const struct ui_binding *const *map = ops->keymaps; *map; map++)
		for (const struct ui_binding *e = *map; e->action; e++) {
			if (e == b)
				return 0;
			for (int k = 0; e->keys[k]; k++)
				if (e->keys[k] == key)
					return 1;
		}
	return 0;
}

/* Whether every key of b is bound earlier (so b never runs). */
static int shadowed(const struct screen_ops *ops, const struct ui_binding *b)
{
	for (int i = 0; b->keys[i]; i++)
		if (!bound_before(ops, b, b->keys[i]))
			return 0;
	return 1;
}

/* The names of b's keys after those in keys (size bytes), one space
 * apart; 0, or -1 when they do not fit. */
static int append_keys(const struct ui_binding *b, char *keys, size_t size)
{
	char name[32];
	for (int i = 0; b->keys[i]; i++) {
		ui_key_name(b->keys[i], name, sizeof name);
		/* Enter is one key to a person, three to curses. */
		int seen = 0;
		for (int j = 0; j < i && !seen; j++) {
			char other[32];
			ui_key_name(b->keys[j], other, sizeof other);
			seen = strcmp(name, other) == 0;
		}
		if (seen)
			continue;
		if (strlen(keys) + strlen(name) + 2 > size)
			return -1;
		if (keys[0])
			strcat(keys, " ");
		strcat(keys, name);
	}
	return 0;
}

/* One line of help per binding of table, skipping what earlier tables
 * of ops already bind. */
static int describe(const struct screen_ops *ops,
		    const struct ui_binding *table, char **text, size_t *len,
		    size_t *cap)
{
	for (const struct ui_binding *b = table; b->action; b++) {
		if (b->run && shadowed(ops, b))
			continue;
		char keys[128] = "", line[512], pad[128];
		/* Bindings in a row that do the same (q and Esc: go back)
		 * make one line. */
		const struct ui_binding *first = b;
		while (b[1].action && b[1].run == b->run &&
		       strcmp(ui_binding_help(b + 1), ui_binding_help(b)) ==
			   0 &&
		       !(b[1].run && shadowed(ops, b + 1)))
			b++;
		for (const struct ui_binding *k = first; k <= b; k++)
			if (append_keys(k, keys, sizeof keys))
				return -1;
		ui_fit(keys, KEYS_COLUMN, 1, pad, sizeof pad);
		snprintf(line, sizeof line, "  %s %s\n", pad,
			 ui_binding_help(b));
		if (append(text, len, cap, line))
			return -1;
	}
	return 0;
}

char *ui_help_text(const struct screen_ops *ops)
{
	char *text = NULL;
	size_t len = 0, cap = 0;
	if (append(&text, &len, &cap, ""))
		return NULL;
	for (const struct ui_binding *const *map = ops->keymaps; *map; map++)
		if ((map != ops->keymaps && append(&text, &len, &cap, "\n")) ||
		    describe(ops, *map, &text, &len, &cap))
			goto fail;
	if (ops->input_keys &&
	    (append(&text, &len, &cap, "\n") ||
	     describe(ops, ops->input_keys, &text, &len, &cap)))
		goto fail;
	return text;
fail:
	free(text);
	return NULL;
}

char *ui_keys_text(void)
{
	char *text = NULL;
	size_t len = 0, cap = 0;
	if (append(&text, &len, &cap, ""))
		return NULL;
	for (size_t i = 0; ui_screens[i]; i++) {
		char *keys = ui_help_text(ui_screens[i]);
		if (!keys || (i && append(&text, &len, &cap, "\n")) ||
		    append(&text, &len, &cap, _(ui_screens[i]->name)) ||
		    append(&text, &len, &cap, "\n") ||
		    append(&text, &len, &cap, keys)) {
			free(keys);
			free(text);
			return NULL;
		}
		free(keys);
	}
	return text;
}
