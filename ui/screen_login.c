/*
 * screen_login — 用户名 / 密码.  Tab moves between the fields, Enter logs
 * in; the core's lockout rules apply and its reason is shown on failure.
 * Logging out (q on the queues) comes back here.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "i18n.h"
#include "ui.h"

struct login_screen {
	struct screen base;
	struct ui_line field[2]; /* login, password */
	int focus;
};

#define FIELD_WIDTH 24

static struct login_screen *login_of(struct screen *s)
{
	return (struct login_screen *)s;
}

/* The most demo logins shown: one for each role. */
#define DEMO_SHOWN GK_ROLE_COUNT
/* Columns between two of them. */
#define DEMO_GAP 3

/* On the demo database, one login of each role, so a newcomer can start
 * without the list make run printed: a table of as many columns as fit
 * (each as wide as its widest cell, DEMO_GAP apart), centred; where even
 * one column is too wide, its cells are cut. */
static void draw_demo_logins(struct ui *ui, int y)
{
	const struct gk_demo_login *logins;
	int n = gk_demo_logins(&logins), shown = 0;
	unsigned seen = 0;
	char cells[DEMO_SHOWN][256], line[256];
	snprintf(line, sizeof line, _("Demo database: every password is %s"),
		 GK_DEMO_PASSWORD);
	int w = ui_width(line);
	ui_put(y, (ui->cols - w) / 2, line, w, ui_attr(ui, UI_COLOR_DIM));
	for (int i = 0; i < n && shown < DEMO_SHOWN; i++) {
		/* The role that says most: the highest bit. */
		int role = 0;
		for (int r = 0; r < GK_ROLE_COUNT; r++)
			if (logins[i].roles & (1u << r))
				role = r;
		if (seen & (1u << role))
			continue;
		seen |= 1u << role;
		snprintf(cells[shown++], sizeof cells[0], "%s %s",
			 logins[i].login, gk_role_label(role));
	}
	if (!shown)
		return;
	int room = ui->cols - 4, rows_left = ui->rows - 2 - (y + 1);
	int ncols = 1, col_w[DEMO_SHOWN] = {0}, total = 0;
	/* The most columns whose widest cells fit, in the rows left. */
	for (int c = shown < 3 ? shown : 3; c >= 1; c--) {
		int widths[DEMO_SHOWN] = {0}, sum = DEMO_GAP * (c - 1);
		for (int i = 0; i < shown; i++) {
			int cw = ui_width(cells[i]);
			if (cw > widths[i % c])
				widths[i % c] = cw;
		}
		for (int k = 0; k < c; k++)
			sum += widths[k];
		ncols = c;
		memcpy(col_w, widths, sizeof col_w);
		total = sum;
		if (sum <= room && (shown + c - 1) / c <= rows_left)
			break;
	}
	if (total > room) {
		/* One column, still too wide: cut it. */
		col_w[0] = room;
		total = room;
	}
	int x0 = (ui->cols - total) / 2;
	for (int i = 0; i < shown && i / ncols < rows_left; i++) {
		int x = x0;
		for (int k = 0; k < i % ncols; k++)
			x += col_w[k] + DEMO_GAP;
		ui_put(y + 1 + i / ncols, x, cells[i], col_w[i % ncols],
		       ui_attr(ui, UI_COLOR_DIM));
	}
}

static void login_draw(struct ui *ui, struct screen *s)
{
	struct login_screen *ls = login_of(s);
	const char *labels[2] = {_("Login:"), _("Password:")};
	int label_width = 0;
	for (int i = 0; i < 2; i++)
		if (ui_width(labels[i]) > label_width)
			label_width = ui_width(labels[i]);
	int box = label_width + 1 + FIELD_WIDTH;
	int x = (ui->cols - box) / 2, y = (ui->rows - 2) / 2 - 4;

	char title[512];
	snprintf(title, sizeof title, "gongkai 公开 — %s", ui->agency.name);
	ui_put(0, 0, title, ui->cols, ui_attr(ui, UI_COLOR_TITLE));
	const char *welcome = _("Government information disclosure "
				"workstation");
	int w = ui_width(welcome);
	ui_put(y, (ui->cols - w) / 2, welcome, w, (int)A_BOLD);
	for (int i = 0; i < 2; i++) {
		int row = y + 2 + i * 2;
		ui_put(row, x, labels[i], label_width, 0);
		ui_line_draw(ui, &ls->field[i], row, x + label_width + 1,
			     FIELD_WIDTH, ls->focus == i,
			     ui_attr(ui, UI_COLOR_FIELD));
	}
	const char *hint = _("Tab: next field   Enter: log in   Esc: quit   "
			     "F1: keys");
	w = ui_width(hint);
	if (w > ui->cols)
		w = ui->cols;
	ui_put(y + 7, (ui->cols - w) / 2, hint, w, ui_attr(ui, UI_COLOR_DIM));
	if (strcmp(ui->agency.org_code, GK_DEMO_ORG_CODE) == 0)
		draw_demo_logins(ui, y + 9);
}

static int key_next(struct ui *ui, struct screen *s)
{
	(void)ui;
	login_of(s)->focus ^= 1;
	return UI_DRAW;
}

static int key_enter(struct ui *ui, struct screen *s)
{
	struct login_screen *ls = login_of(s);
	char *login = ui_line_get(&ls->field[0]);
	char *password = ui_line_get(&ls->field[1]);
	struct gk_err err = {0};
	int result = UI_DRAW;
	if (!login || !password) {
		ui_fail(ui, "%s", _("Out of memory."));
	} else if (!login[0]) {
		ls->focus = 0;
		ui_fail(ui, "%s", _("Type your login first."));
	} else if (!password[0]) {
		ls->focus = 1;
		ui_say(ui, "%s", _("Now your password, then Enter."));
	} else {
		ui_say(ui, "%s", _("Logging in…"));
		ui_redraw(ui);
		if (gk_auth_login(ui->store, login, password, &ui->me, &err) <
		    0) {
			ui_error(ui, &err);
			ui_line_set(&ls->field[1], "");
			ls->focus = 1;
		} else {
			ui->logged_in = 1;
			ui->message[0] = '\0';
			ui_line_set(&ls->field[1], "");
			ui_push(ui, screen_queue_new(ui));
			result = UI_CLEAR;
		}
	}
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	free(login);
	return result;
}

static int key_quit(struct ui *ui, struct screen *s)
{
	(void)s;
	ui->quit = 1;
	return UI_NONE;
}

static int login_input(struct ui *ui, struct screen *s, int key)
{
	struct login_screen *ls = login_of(s);
	if (key == UI_KEY(KEY_DOWN) || key == UI_KEY(KEY_UP))
		return key_next(ui, s);
	return ui_line_key(&ls->field[ls->focus], key) ? UI_DRAW : UI_UNBOUND;
}

static void login_enter(struct ui *ui, struct screen *s)
{
	struct login_screen *ls = login_of(s);
	/* Back here after logging out: the next person types their own. */
	if (ui->logged_in) {
		ui_line_set(&ls->field[0], "");
		ui_line_set(&ls->field[1], "");
		ls->focus = 0;
	}
	ui->logged_in = 0;
}

static void login_leave(struct ui *ui, struct screen *s)
{
	struct login_screen *ls = login_of(s);
	(void)ui;
	ui_line_free(&ls->field[0]);
	ui_line_free(&ls->field[1]);
	free(ls);
}

static const struct ui_binding login_keys[] = {
    {UI_ACT_NEXT_PART, {'\t'}, key_next, N_("move to the other field")},
    {UI_ACT_PREVIOUS_PART,
     {UI_KEY(KEY_BTAB)},
     key_next,
     N_("move to the other field")},
    {UI_ACT_OPEN, {'\r', '\n', UI_KEY(KEY_ENTER)}, key_enter, N_("log in")},
    {UI_ACT_CANCEL, {UI_ESC}, key_quit, N_("quit gongkai")},
    {UI_ACT_QUIT, {UI_CTRL('c')}, key_quit, NULL},
    {UI_ACT_HELP, {UI_KEY(KEY_F(1))}, ui_key_help, NULL},
    {UI_ACT_REDRAW, {UI_CTRL('l')}, ui_key_redraw, NULL},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

/* The arrows move between the two fields as Tab does: keys of the
 * fields, as in every form. */
static const struct ui_binding login_field_keys[] = {
    {UI_ACT_INPUT,
     {UI_KEY(KEY_DOWN), UI_KEY(KEY_UP)},
     NULL,
     N_("move to the other field")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const login_keymaps[] = {login_keys, NULL};

const struct screen_ops screen_login_ops = {
    .name = N_("Log in"),
    .keymaps = login_keymaps,
    .input_keys = login_field_keys,
    .enter = login_enter,
    .draw = login_draw,
    .input = login_input,
    .leave = login_leave,
};

struct screen *screen_login_new(const char *login)
{
	struct login_screen *ls = calloc(1, sizeof *ls);
	if (!ls)
		return NULL;
	ls->base.ops = &screen_login_ops;
	ui_line_init(&ls->field[0], GK_LOGIN_MAX, login ? login : "");
	ui_line_init(&ls->field[1], 256, "");
	ls->field[1].secret = 1;
	ls->focus = login && *login ? 1 : 0;
	return &ls->base;
}
