/*
 * external — editing a body in $VISUAL / $EDITOR, as mutt and git do: the
 * text goes to a private temporary file, the editor runs on the real
 * terminal, and what comes back is read as UTF-8 (byte-order marks and CR
 * LF undone, bad bytes refused with their offset).
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "doc.h"
#include "i18n.h"
#include "text.h"
#include "ui.h"

/* $VISUAL, $EDITOR, else the machine's chosen editor (Debian's
 * /usr/bin/editor), else NULL: then there is none to offer. */
static const char *editor_command(void)
{
	const char *names[] = {"VISUAL", "EDITOR"};
	for (int i = 0; i < 2; i++) {
		const char *e = getenv(names[i]);
		if (e && *e)
			return e;
	}
	return access("/usr/bin/editor", X_OK) == 0 ? "/usr/bin/editor" : NULL;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Run the editor on path with the terminal handed over; its exit status,
 * or -1 when it could not run. */
static int run_on(struct ui *ui, const char *path)
{
	char command[4096];
	/* The editor may carry arguments ("emacs -nw"), as git allows. */
	snprintf(command, sizeof command, "%s \"$1\"", editor_command());
	ui_suspend(ui);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", command, "sh", path, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	ui_resume(ui);
	if (pid < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int ui_run_editor(struct ui *ui, const char *text, char **out)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	*out = NULL;
	if (!editor_command()) {
		ui_fail(ui, "%s",
			_("No external editor is set up (the variable EDITOR); "
			  "the built-in editor needs none."));
		return -1;
	}
	snprintf(path, sizeof path, "%s/gongkai-XXXXXX.txt",
		 tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemps(path, 4);
	if (fd < 0) {
		ui_fail(ui, _("Cannot make a temporary file in %s: %s"),
			tmp && *tmp ? tmp : "/tmp", strerror(errno));
		return -1;
	}
	int wrote = write_all(fd, text, strlen(text));
	close(fd);
	if (wrote < 0) {
		unlink(path);
		ui_fail(ui, _("Cannot write %s: %s"), path, strerror(errno));
		return -1;
	}
	int status = run_on(ui, path);
	char *raw = NULL;
	size_t len = 0;
	int rc = -1;
	struct gk_err err = {0};
	if (status != 0)
		ui_fail(ui,
			_("The editor (%s) failed with status %d; nothing was "
			  "changed."),
			editor_command(), status);
	else if (gk_file_read(path, GK_BODY_MAX, &raw, &len) < 0)
		ui_fail(ui, _("Cannot read back %s, or it is too large."),
			path);
	else if (gk_text_to_utf8("UTF-8", raw, len, path, out, NULL, &err) < 0)
		ui_error(ui, &err);
	else {
		rc = 0;
		if (strcmp(*out, text) == 0) {
			free(*out);
			*out = NULL;
			ui_say(ui, "%s", _("The editor changed nothing."));
		}
	}
	free(raw);
	unlink(path);
	return rc;
}

int ui_load_editable(struct ui *ui, const char *item_id, struct gk_item *item)
{
	struct gk_err err = {0};
	memset(item, 0, sizeof *item);
	if (gk_doc_get(ui->store, item_id, item, &err) < 0 ||
	    gk_doc_may_edit(&ui->me, item, &err) < 0) {
		ui_error(ui, &err);
		gk_item_free(item);
		return -1;
	}
	return 0;
}

int ui_edit_external(struct ui *ui, const char *item_id)
{
	struct gk_item item;
	struct gk_err err = {0};
	if (ui_load_editable(ui, item_id, &item) < 0)
		return UI_STATUS;
	char *body = NULL;
	if (ui_run_editor(ui, item.body, &body) == 0 && body) {
		struct gk_draft change = {.body = body};
		char title[256];
		ui_book_title(item.title, 34, title, sizeof title);
		if (gk_doc_edit(ui->store, ui->me.id, item_id, &change, &err) <
		    0)
			ui_error(ui, &err);
		else
			/* TRANSLATORS: %s is the title in 《》. */
			ui_say(ui, _("Saved the new body of %s as version %d."),
			       title, item.version + 1);
	}
	free(body);
	gk_item_free(&item);
	return UI_CLEAR;
}
