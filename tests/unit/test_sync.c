/*
 * Sync between stations (sync.h): what each transaction records, the
 * change file's parser, files refused before anything changes (also ones
 * signed correctly that carry another schema version, a forged change or
 * a rewritten history), an import killed half-way, conflicts on rows that
 * are not items, files of the schema before this one (fixtures) and of a
 * newer one, and the names of change files.
 */
#include "fixture.h"

#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "auth.h"
#include "sync.h"
#include "text.h"

#define ME(login) fx_id(fx, login)

/* A second station that joined the fixture's agency (station A). */
struct pair {
	struct fx *fx;
	char path_b[400];
	struct gk_store *b;
};

#define sql_int(store, sql) fx_sql_int((store), (sql), NULL)

/* A hash of every row of every synced table but the audit log. */
static void dump(struct gk_store *store, char out[65])
{
	crypto_generichash_state h;
	unsigned char bin[32];
	crypto_generichash_init(&h, NULL, 0, sizeof bin);
	for (int t = 0; gk_sync_tables[t].name; t++) {
		if (strcmp(gk_sync_tables[t].name, "audit") == 0)
			continue;
		char sql[128];
		sqlite3_stmt *st;
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1, 2",
			 gk_sync_tables[t].name);
		assert_int_equal(
		    sqlite3_prepare_v2(store->sql, sql, -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *v =
				    sqlite3_column_text(st, i);
				crypto_generichash_update(
				    &h, v ? v : (const unsigned char *)"\1",
				    v ? strlen((const char *)v) + 1 : 1);
			}
		sqlite3_finalize(st);
	}
	crypto_generichash_final(&h, bin, sizeof bin);
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

static void file_at(struct fx *fx, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", fx->dir, name);
}

static void export_to(struct fx *fx, struct gk_store *store, const char *actor,
		      const char *name, int full)
{
	char path[400];
	struct gk_sync_summary sum;
	file_at(fx, name, path, sizeof path);
	if (gk_sync_export(store, actor, path, NULL, full, &sum, &fx->err) < 0)
		fail_msg("export %s: %s", name, fx->err.msg);
}

static int import(struct fx *fx, struct gk_store *store, const char *actor,
		  const char *name, struct gk_sync_summary *sum)
{
	char path[400];
	file_at(fx, name, path, sizeof path);
	return gk_sync_import(store, actor, path, NULL, NULL, sum, &fx->err);
}

/* Station B joins from A's full export, in the test's folder. */
static void join(struct fx *fx, const char *path_b, struct gk_store **b)
{
	char full[400];
	struct gk_sync_summary sum;
	export_to(fx, fx->store, ME("admin"), "full.gksync", 1);
	file_at(fx, "full.gksync", full, sizeof full);
	assert_int_equal(gk_store_open(path_b, 1, b, &fx->err), 0);
	if (gk_sync_join(*b, full, "乙站", "admin", "password-admin", &sum,
			 &fx->err) < 0)
		fail_msg("join: %s", fx->err.msg);
}

static int setup_pair(void **state)
{
	struct pair *p = calloc(1, sizeof *p);
	if (!p || fx_setup((void **)&p->fx) < 0)
		return -1;
	snprintf(p->path_b, sizeof p->path_b, "%s/b.db", p->fx->dir);
	*state = p;
	return 0;
}

static int teardown_pair(void **state)
{
	struct pair *p = *state;
	gk_store_close(p->b);
	void *fx = p->fx;
	fx_teardown(&fx);
	free(p);
	return 0;
}

/* The user id of login on station store. */
static const char *id_on(struct gk_store *store, const char *login)
{
	static char ids[4][GK_ID_HEX + 1];
	static int next;
	struct gk_user u;
	struct gk_err err;
	if (gk_user_load(store, login, 1, &u, &err) < 0)
		fail_msg("%s: %s", login, err.msg);
	char *slot = ids[next++ % 4];
	memcpy(slot, u.id, sizeof u.id);
	return slot;
}

/* ---- recording ------------------------------------------------------- */

static void test_each_write_records_one_change(void **state)
{
	struct fx *fx = *state;
	int64_t before = sql_int(fx->store, "SELECT count(*) FROM sync_change");
	const char *item =
	    fx_draft(fx, "zhang", "关于开展工业企业技术改造的通知");
	assert_int_equal(sql_int(fx->store, "SELECT count(*) FROM sync_change"),
			 before + 1);
	/* Its changeset holds the item, its version, its event and the
	 * audit entry; nothing of the full-text index. */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(fx->store->sql,
					    "SELECT payload FROM sync_change "
					    "ORDER BY rowid DESC LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_changeset_iter *it;
	assert_int_equal(
	    sqlite3changeset_start(&it, sqlite3_column_bytes(st, 0),
				   (void *)sqlite3_column_blob(st, 0)),
	    SQLITE_OK);
	char seen[256] = " ";
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect;
		sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect);
		if (!strstr(seen, tbl) &&
		    strlen(seen) + strlen(tbl) + 2 < sizeof seen) {
			strcat(seen, tbl);
			strcat(seen, " ");
		}
	}
	sqlite3changeset_finalize(it);
	sqlite3_finalize(st);
	assert_non_null(strstr(seen, " item "));
	assert_non_null(strstr(seen, " item_version "));
	assert_non_null(strstr(seen, " item_event "));
	assert_non_null(strstr(seen, " audit "));
	assert_null(strstr(seen, "fts"));
	/* A refused action records nothing. */
	before = sql_int(fx->store, "SELECT count(*) FROM sync_change");
	assert_true(gk_flow_approve(fx->store, ME("zhang"), item, NULL, NULL,
				    &fx->err) < 0);
	assert_int_equal(sql_int(fx->store, "SELECT count(*) FROM sync_change"),
			 before);
	/* Numbers run 1, 2, … without a gap. */
	assert_int_equal(sql_int(fx->store, "SELECT max(seq) - count(*) FROM "
					    "sync_change"),
			 0);
}

/* ---- the parser -------------------------------------------------------- */

static void parse_fails(const char *data, size_t len, const char *needle)
{
	struct gk_sync_file f;
	struct gk_err err;
	assert_int_equal(
	    gk_sync_parse((const unsigned char *)data, len, &f, &err),
	    GK_EINVAL);
	if (!strstr(err.msg, needle))
		fail_msg("\"%s\" lacks \"%s\"", err.msg, needle);
}

static void test_parser_names_what_is_wrong(void **state)
{
	struct fx *fx = *state;
	char path[400], *data;
	size_t len;
	fx_draft(fx, "zhang", "一");
	export_to(fx, fx->store, ME("admin"), "a.gksync", 0);
	file_at(fx, "a.gksync", path, sizeof path);
	assert_int_equal(gk_file_read(path, 1 << 24, &data, &len), 0);

	struct gk_sync_file f;
	assert_int_equal(
	    gk_sync_parse((unsigned char *)data, len, &f, &fx->err), 0);
	assert_true(f.nrecords >= 2);
	assert_string_equal(f.from.id, fx->store->station_id);
	assert_int_equal(f.schema, gk_store_schema_version());
	/* Every real changeset passes the check made before SQLite reads
	 * one; the two bytes on which SQLite 3.40 loops for ever do not. */
	for (int i = 0; i < f.nrecords; i++)
		assert_int_equal(gk_sync_changeset_check(f.records[i].payload,
							 f.records[i].size),
				 0);
	assert_int_equal(gk_sync_changeset_check("T\x05", 2), -1);
	assert_int_equal(gk_sync_changeset_check("T\x01\x01item", 7), -1);
	gk_sync_file_free(&f);

	parse_fails("", 0, "not a gongkai change file");
	parse_fails("PK\3\4", 4, "not a gongkai change file");
	parse_fails("gongkai-sync 2\n", 15, "format 2");
	for (size_t cut = 1; cut < len; cut += len / 7 + 1)
		parse_fails(data, len - cut, "truncated");
	for (size_t at = 20; at < len - 300; at += len / 9 + 1) {
		data[at] ^= 0x20;
		parse_fails(data, len, "damaged");
		data[at] ^= 0x20;
	}
	free(data);
}

/* ---- files made right but wrong ------------------------------------------ */

/* This station's secret key, read from its file. */
static void secret_key(const char *db_path, unsigned char sk[64])
{
	char path[420], *hex;
	size_t len;
	snprintf(path, sizeof path, "%s.key", db_path);
	assert_int_equal(gk_file_read(path, 4096, &hex, &len), 0);
	assert_int_equal(sodium_hex2bin(sk, 64, hex, len, "\n", NULL, NULL), 0);
	free(hex);
}

/*
 * Rewrite the file name with edit applied to its bytes, then give it a
 * correct hash and signature with the station's own key: what a station
 * running another gongkai, or a forger holding the key, would write.
 */
static void resign(struct fx *fx, const char *name, const char *out,
		   void (*edit)(char *data, size_t len))
{
	char path[400], *data;
	size_t len;
	unsigned char sk[64], h[32], sig[64];
	file_at(fx, name, path, sizeof path);
	assert_int_equal(gk_file_read(path, 1 << 24, &data, &len), 0);
	size_t body = len - (5 + 64 + 1) - (4 + 128 + 1);
	edit(data, body);
	secret_key(fx->path, sk);
	crypto_generichash(h, sizeof h, (unsigned char *)data, body, NULL, 0);
	char *o = data + body + 5;
	sodium_bin2hex(o, 65, h, sizeof h);
	o[64] = '\n';
	crypto_sign_detached(sig, NULL, (unsigned char *)data, body + 70, sk);
	o = data + body + 70 + 4;
	sodium_bin2hex(o, 129, sig, sizeof sig);
	o[128] = '\n';
	file_at(fx, out, path, sizeof path);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(data);
}

static void next_schema(char *data, size_t len)
{
	char *s = memmem(data, len, "\nschema ", 8);
	assert_non_null(s);
	s[8]++;
}

static void flip_in_first_change(char *data, size_t len)
{
	char *c = memmem(data, len, "\nchange ", 8);
	assert_non_null(c);
	char *payload = memchr(c + 1, '\n', len - (size_t)(c + 1 - data));
	payload[10] ^= 0x01;
}

static void assert_refused_unchanged(struct fx *fx, struct gk_store *b,
				     const char *name, int code,
				     const char *needle)
{
	char before[65], after[65];
	struct gk_sync_summary sum;
	dump(b, before);
	int64_t audit = sql_int(b, "SELECT count(*) FROM audit");
	assert_refused(fx, import(fx, b, id_on(b, "admin"), name, &sum), code,
		       needle);
	dump(b, after);
	assert_string_equal(before, after);
	assert_int_equal(sql_int(b, "SELECT count(*) FROM audit"), audit + 1);
	assert_int_equal(sql_int(b, "SELECT action = 'sync-refused' FROM audit "
				    "ORDER BY at DESC, seq DESC LIMIT 1"),
			 1);
}

static void test_signed_files_refused_for_what_they_carry(void **state)
{
	struct pair *p = *state;
	struct fx *fx = p->fx;
	struct gk_sync_summary sum;
	join(fx, p->path_b, &p->b);
	fx_draft(fx, "zhang", "关于做好2026年度政府信息公开工作的通知");
	export_to(fx, fx->store, ME("admin"), "a1.gksync", 0);

	/* Another schema version, correctly signed. */
	resign(fx, "a1.gksync", "schema.gksync", next_schema);
	assert_refused_unchanged(fx, p->b, "schema.gksync", GK_EINVAL,
				 "schema version");
	/* A change altered and the file signed again: the change's own
	 * signature, by its origin, still catches it. */
	resign(fx, "a1.gksync", "forged.gksync", flip_in_first_change);
	assert_refused_unchanged(fx, p->b, "forged.gksync", GK_ETAMPER,
				 "does not match that station's signature");
	/* The real file imports. */
	assert_int_equal(
	    import(fx, p->b, id_on(p->b, "admin"), "a1.gksync", &sum), 0);
	assert_true(sum.changes >= 1);
	assert_int_equal(sum.items, 1);
}

static void test_rewritten_history_is_refused(void **state)
{
	struct pair *p = *state;
	struct fx *fx = p->fx;
	struct gk_sync_summary sum;
	char copy[400], key[420], copy_key[420];
	join(fx, p->path_b, &p->b);
	/* A backup of station A, taken now. */
	snprintf(copy, sizeof copy, "%s/restored.db", fx->dir);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(fx->store->sql, "VACUUM INTO ?", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, copy, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	snprintf(key, sizeof key, "%s.key", fx->path);
	snprintf(copy_key, sizeof copy_key, "%s.key", copy);
	assert_int_equal(link(key, copy_key), 0);

	fx_draft(fx, "zhang", "原来的草稿");
	export_to(fx, fx->store, ME("admin"), "a1.gksync", 0);
	assert_int_equal(
	    import(fx, p->b, id_on(p->b, "admin"), "a1.gksync", &sum), 0);
	/* A is restored from the backup and goes on: its next changes take
	 * the numbers the lost ones had. */
	struct gk_store *restored;
	assert_int_equal(gk_store_open(copy, 0, &restored, &fx->err), 0);
	struct gk_draft d = {
	    .title = "另一份草稿", .category = "工业经济", .body = "正文。\n"};
	char id[GK_ID_HEX + 1];
	assert_int_equal(
	    gk_doc_create(restored, id_on(restored, "zhang"), &d, id, &fx->err),
	    0);
	export_to(fx, restored, id_on(restored, "admin"), "a2.gksync", 0);
	gk_store_close(restored);
	assert_refused_unchanged(fx, p->b, "a2.gksync", GK_ETAMPER,
				 "history was rewritten");
}

/* ---- a database from before sync
 * ---------------------------------------------- */

static void
test_a_station_from_before_sync_gets_its_key_and_history(void **state)
{
	struct pair *p = *state;
	struct fx *fx = p->fx;
	char key[420];
	fx_signed(fx, "关于开展2026年度节能监察工作的通知");
	/* What a database written before sync holds: no key, no station,
	 * no changes. */
	fx_sql_exec(fx->store, "DELETE FROM sync_change; DELETE FROM "
			       "station_trust; DELETE FROM station;");
	snprintf(key, sizeof key, "%s.key", fx->path);
	assert_int_equal(unlink(key), 0);
	int64_t items = sql_int(fx->store, "SELECT count(*) FROM item");
	int64_t audit = sql_int(fx->store, "SELECT count(*) FROM audit");
	gk_store_close(fx->store);

	assert_int_equal(gk_store_open(fx->path, 0, &fx->store, &fx->err), 0);
	struct stat sb;
	assert_int_equal(stat(key, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sql_int(fx->store, "SELECT count(*) FROM station"), 1);
	assert_int_equal(sql_int(fx->store, "SELECT count(*) FROM sync_change"),
			 1);
	/* Opening again changes nothing. */
	gk_store_close(fx->store);
	assert_int_equal(gk_store_open(fx->path, 0, &fx->store, &fx->err), 0);
	assert_int_equal(sql_int(fx->store, "SELECT count(*) FROM sync_change"),
			 1);
	/* Its full export starts a station that holds all of it. */
	join(fx, p->path_b, &p->b);
	assert_int_equal(sql_int(p->b, "SELECT count(*) FROM item"), items);
	assert_true(sql_int(p->b, "SELECT count(*) FROM audit") > audit);
	int64_t checked;
	assert_int_equal(gk_audit_verify(p->b, &checked, &fx->err), 0);
	assert_int_equal(gk_sync_verify_audit(p->b, &checked, &fx->err), 0);
	assert_true(checked >= 1);
}

/* ---- killed half-way ------------------------------------------------------
 */

static void die_half_way(void *ctx, int done, int total)
{
	(void)ctx;
	if (done == total / 2)
		raise(SIGKILL);
}

static void test_import_killed_half_way_changes_nothing(void **state)
{
	struct pair *p = *state;
	struct fx *fx = p->fx;
	struct gk_sync_summary sum;
	char before[65], after[65], path[400];
	join(fx, p->path_b, &p->b);
	for (int i = 0; i < 12; i++) {
		char title[64];
		snprintf(title, sizeof title, "第%d份草稿", i + 1);
		fx_draft(fx, "zhang", title);
	}
	export_to(fx, fx->store, ME("admin"), "a1.gksync", 0);
	file_at(fx, "a1.gksync", path, sizeof path);
	dump(p->b, before);
	int64_t audit = sql_int(p->b, "SELECT count(*) FROM audit");
	char admin[GK_ID_HEX + 1];
	snprintf(admin, sizeof admin, "%s", id_on(p->b, "admin"));
	gk_store_close(p->b);
	p->b = NULL;

	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct gk_store *b;
		struct gk_err err;
		if (gk_store_open(p->path_b, 0, &b, &err) < 0)
			_exit(2);
		gk_sync_import(b, admin, path, die_half_way, NULL, &sum, &err);
		_exit(3); /* not reached: killed half-way */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);

	assert_int_equal(gk_store_open(p->path_b, 0, &p->b, &fx->err), 0);
	dump(p->b, after);
	assert_string_equal(before, after);
	assert_int_equal(sql_int(p->b, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(
	    gk_sync_import(p->b, admin, path, NULL, NULL, &sum, &fx->err), 0);
	assert_int_equal(sum.items, 12);
	assert_int_equal(sql_int(p->b,
				 "SELECT count(*) FROM item WHERE "
				 "version_id IN (SELECT id FROM "
				 "item_version WHERE title LIKE '第%份草稿')"),
			 12);
}

/* ---- conflicts on any synced row ------------------------------------------
 */

static void
test_a_department_changed_on_two_stations_waits_for_a_person(void **state)
{
	struct pair *p = *state;
	struct fx *fx = p->fx;
	struct gk_sync_summary sum;
	assert_int_equal(
	    gk_sync_rename(fx->store, ME("admin"), "甲站", &fx->err), 0);
	join(fx, p->path_b, &p->b);
	char dept[GK_ID_HEX + 1];
	struct gk_err err;
	sqlite3_stmt *st;
	assert_int_equal(gk_store_row(p->b, &err, &st,
				      "SELECT id FROM dept WHERE name = ?", "t",
				      "综合科"),
			 1);
	gk_col_copy(st, 0, dept, sizeof dept);
	sqlite3_finalize(st);
	/* 综合科's deputy is wang: one administrator names another, the
	 * other clears it. */
	assert_int_equal(gk_dept_set_deputy(fx->store, ME("admin"), "综合科",
					    "qian", &fx->err),
			 0);
	assert_int_equal(gk_dept_set_deputy(p->b, id_on(p->b, "admin"),
					    "综合科", NULL, &fx->err),
			 0);
	assert_int_equal(gk_sync_require_settled(p->b, "dept", dept, &fx->err),
			 0);
	export_to(fx, fx->store, ME("admin"), "a1.gksync", 0);
	assert_int_equal(
	    import(fx, p->b, id_on(p->b, "admin"), "a1.gksync", &sum), 0);
	assert_int_equal(sum.conflicts, 1);

	/* The gate holds the department, naming it and the other station. */
	assert_refused(fx,
		       gk_sync_require_settled(p->b, "dept", dept, &fx->err),
		       GK_EDENIED, "综合科");
	assert_non_null(strstr(fx->err.msg, "甲站"));
	/* Nothing else is held: the items of that department move on. */
	const char *item = fx_draft(fx, "zhang", "不受影响的草稿");
	assert_int_equal(gk_sync_require_settled(p->b, "item", item, &fx->err),
			 0);
	struct gk_conflict *c;
	int n;
	assert_int_equal(gk_sync_conflicts(p->b, &c, &n, &fx->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].tbl, "dept");
	assert_string_equal(c[0].noun, "dept");
	assert_string_equal(c[0].noun_id, dept);
	assert_string_equal(c[0].item_id, "");
	assert_non_null(strstr(c[0].label, "综合科"));
	char conflict[GK_ID_HEX + 1];
	snprintf(conflict, sizeof conflict, "%s", c[0].id);
	gk_sync_conflicts_free(c, n);

	/* Not about an item: only an administrator resolves it. */
	assert_refused(
	    fx, gk_sync_resolve(p->b, id_on(p->b, "li"), conflict, 1, &fx->err),
	    GK_EDENIED, "administrator");
	assert_int_equal(
	    gk_sync_resolve(p->b, id_on(p->b, "admin"), conflict, 1, &fx->err),
	    0);
	assert_int_equal(gk_sync_require_settled(p->b, "dept", dept, &fx->err),
			 0);
	assert_int_equal(fx_sql_int(p->b,
				    "SELECT deputy_id = (SELECT id FROM "
				    "user WHERE login = 'qian') FROM "
				    "dept WHERE name = '综合科'",
				    NULL),
			 1);
}

/* Conflicts a station at schema 4 left open (sync_conflict as 004 made
 * it) hold their rows after the upgrade: an item's, a setting, a user's
 * role. */
static void
test_conflicts_left_open_at_schema_4_hold_their_rows_after_the_upgrade(
    void **state)
{
	struct fx *fx = *state;
	const char *item = fx_draft(fx, "zhang", "冲突尚未处理的草稿");
	char sql[2048];
	snprintf(
	    sql, sizeof sql,
	    "DROP TABLE sync_conflict;"
	    "CREATE TABLE sync_conflict (id TEXT PRIMARY KEY, tbl TEXT NOT "
	    "NULL, pk TEXT NOT NULL, item_id TEXT, local TEXT NOT NULL, "
	    "remote TEXT NOT NULL, origin TEXT NOT NULL, seq INTEGER NOT "
	    "NULL, at TEXT NOT NULL, resolution TEXT) STRICT;"
	    "INSERT INTO sync_conflict VALUES "
	    "('c1', 'item', '[\"%s\"]', '%s', '[]', '[]', 'o', 1, 't', NULL),"
	    "('c2', 'setting', '[\"lockout-attempts\"]', NULL, '[]', '[]', "
	    "'o', 2, 't', NULL),"
	    "('c3', 'user_role', '[\"%s\",\"drafter\"]', NULL, '[]', '[]', "
	    "'o', 3, 't', NULL),"
	    "('c4', 'dept', '[\"d\"]', NULL, '[]', '[]', 'o', 4, 't', 'r');"
	    /* What migration 6 added, so that it runs again. */
	    "PRAGMA foreign_keys = OFF; DROP TABLE event_kind;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA user_version = 4;",
	    item, item, ME("zhang"));
	fx_sql_exec(fx->store, sql);
	gk_store_close(fx->store);
	assert_int_equal(gk_store_open(fx->path, 0, &fx->store, &fx->err), 0);
	assert_int_equal(sql_int(fx->store, "PRAGMA user_version"),
			 gk_store_schema_version());
	assert_refused(
	    fx, gk_sync_require_settled(fx->store, "item", item, &fx->err),
	    GK_EDENIED, "cannot move on");
	assert_refused(fx,
		       gk_sync_require_settled(fx->store, "setting",
					       "lockout-attempts", &fx->err),
		       GK_EDENIED, "lockout-attempts");
	assert_refused(
	    fx,
	    gk_sync_require_settled(fx->store, "user", ME("zhang"), &fx->err),
	    GK_EDENIED, "zhang");
	/* A resolved one holds nothing. */
	assert_int_equal(
	    gk_sync_require_settled(fx->store, "dept", "d", &fx->err), 0);
}

/* ---- stations upgrade one at a time ---------------------------------- */

#define FIXTURES "tests/fixtures/schema4/"

/* Files written by gongkai 0.1.0 (schema 4, tests/fixtures/schema4/make.sh)
 * on a station that has not upgraded yet. */
static void test_schema_4_files_import_into_a_newer_station(void **state)
{
	struct fx *fx = *state;
	struct gk_sync_summary sum;
	struct gk_store *c;
	char path[400];
	assert_true(gk_store_schema_version() > 4);
	snprintf(path, sizeof path, "%s/c.db", fx->dir);
	assert_int_equal(gk_store_open(path, 1, &c, &fx->err), 0);
	if (gk_sync_join(c, FIXTURES "a-full.gksync", "丙站", "admin",
			 "gongkai-demo", &sum, &fx->err) < 0)
		fail_msg("join: %s", fx->err.msg);
	assert_int_equal(sum.changes, 520);
	int64_t published = sql_int(c, "SELECT count(*) FROM publication");
	int64_t withdrawn = sql_int(c, "SELECT count(*) FROM item "
				       "WHERE state = 'withdrawn'");
	assert_true(published >= 9);
	assert_int_equal(gk_sync_import(c, id_on(c, "admin"),
					FIXTURES "a-next.gksync", NULL, NULL,
					&sum, &fx->err),
			 0);
	assert_int_equal(sum.changes, 49);
	assert_int_equal(sum.conflicts, 0);
	/* The next file's item is drafted, decided, published; an older
	 * one withdrawn. */
	assert_int_equal(sql_int(c, "SELECT count(*) FROM publication"),
			 published + 1);
	assert_int_equal(sql_int(c,
				 "SELECT count(*) FROM item i JOIN "
				 "item_version v ON v.id = i.version_id "
				 "WHERE v.title = '关于固定资产投资项目的公示' "
				 "AND i.state = 'published'"),
			 1);
	assert_int_equal(sql_int(c, "SELECT count(*) FROM item "
				    "WHERE state = 'withdrawn'"),
			 withdrawn + 1);
	assert_true(sql_int(c, "SELECT count(*) FROM item_event WHERE "
			       "action IN ('approve', 'publish', 'withdraw')") >
		    3);
	/* Its catalog entry is built here, and every audit chain holds. */
	assert_int_equal(sql_int(c, "SELECT count(*) FROM item_fts WHERE "
				    "item_fts MATCH '固定资产投资'"),
			 1);
	int64_t checked;
	assert_int_equal(gk_audit_verify(c, &checked, &fx->err), 0);
	assert_int_equal(gk_sync_verify_audit(c, &checked, &fx->err), 0);
	/* Its changes keep the schema they were made under; its own are
	 * this one's. */
	assert_int_equal(sql_int(c, "SELECT count(*) FROM sync_change WHERE "
				    "schema = 4"),
			 569);
	assert_int_equal(sql_int(c, "SELECT min(schema) FROM sync_change "
				    "WHERE received IS NULL"),
			 gk_store_schema_version());
	gk_store_close(c);
}

static void
test_a_file_from_a_newer_schema_names_the_release_to_install(void **state)
{
	struct pair *p = *state;
	struct fx *fx = p->fx;
	char want[128];
	join(fx, p->path_b, &p->b);
	fx_draft(fx, "zhang", "关于做好2026年度政府信息公开工作的通知");
	export_to(fx, fx->store, ME("admin"), "a1.gksync", 0);
	resign(fx, "a1.gksync", "newer.gksync", next_schema);
	snprintf(want, sizeof want, "schema version %d (a release after %s)",
		 gk_store_schema_version() + 1,
		 gk_sync_schema_release(gk_store_schema_version()));
	assert_refused_unchanged(fx, p->b, "newer.gksync", GK_EINVAL, want);
}

static void test_every_schema_version_names_its_first_release(void **state)
{
	(void)state;
	for (int v = 1; v <= gk_store_schema_version(); v++)
		assert_non_null(gk_sync_schema_release(v));
	assert_null(gk_sync_schema_release(gk_store_schema_version() + 1));
	assert_string_equal(gk_sync_schema_release(4), "0.1.0");
}

/*
 * The policy (docs/architecture.md, "Schema upgrades between stations"):
 * a migration never changes the columns of a synced table, since SQLite
 * 3.40 cannot apply a changeset to a table of another shape.  Were one to
 * (here: a column added on B alone), the file is refused whole, naming
 * the change, instead of being half applied.
 */
static void test_a_change_to_a_table_of_another_shape_is_refused(void **state)
{
	struct pair *p = *state;
	struct fx *fx = p->fx;
	join(fx, p->path_b, &p->b);
	fx_sql_exec(p->b, "ALTER TABLE dept ADD COLUMN phone TEXT "
			  "NOT NULL DEFAULT ''");
	assert_int_equal(gk_dept_set_deputy(fx->store, ME("admin"), "综合科",
					    "qian", &fx->err),
			 0);
	export_to(fx, fx->store, ME("admin"), "a1.gksync", 0);
	assert_refused_unchanged(fx, p->b, "a1.gksync", GK_EINVAL,
				 "not of the shape it has here");
}

/* ---- file names --------------------------------------------------------- */

static void test_change_file_names_name_their_station(void **state)
{
	(void)state;
	char name[128], station[9];
	gk_sync_file_name("3f2a9c1b00000000000000000000beef",
			  "2026-11-28T08:43:43.123Z", 1, name, sizeof name);
	assert_string_equal(name, "gk-3f2a9c1b-20261128-084343-123.gksync");
	assert_true(gk_sync_is_file_name(name));
	assert_int_equal(gk_sync_file_name_station(name, station), 0);
	assert_string_equal(station, "3f2a9c1b");
	gk_sync_file_name("3f2a9c1b00000000000000000000beef",
			  "2026-11-28T08:43:43.123Z", 2, name, sizeof name);
	assert_string_equal(name, "gk-3f2a9c1b-20261128-084343-123-2.gksync");
	assert_int_equal(gk_sync_file_name_station(name, station), 0);
	/* Any other name is a change file by its extension alone. */
	assert_true(gk_sync_is_file_name("从甲站.gksync"));
	assert_int_equal(gk_sync_file_name_station("从甲站.gksync", station),
			 -1);
	assert_string_equal(station, "");
	assert_false(gk_sync_is_file_name(".gk-3f2a9c1b.gksync"));
	assert_false(gk_sync_is_file_name("gk-3f2a9c1b.gksync.part"));
	assert_false(gk_sync_is_file_name(".gksync"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_each_write_records_one_change,
					    fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_parser_names_what_is_wrong,
					    fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_signed_files_refused_for_what_they_carry, setup_pair,
		teardown_pair),
	    cmocka_unit_test_setup_teardown(test_rewritten_history_is_refused,
					    setup_pair, teardown_pair),
	    cmocka_unit_test_setup_teardown(
		test_import_killed_half_way_changes_nothing, setup_pair,
		teardown_pair),
	    cmocka_unit_test_setup_teardown(
		test_a_station_from_before_sync_gets_its_key_and_history,
		setup_pair, teardown_pair),
	    cmocka_unit_test_setup_teardown(
		test_a_department_changed_on_two_stations_waits_for_a_person,
		setup_pair, teardown_pair),
	    cmocka_unit_test_setup_teardown(
		test_conflicts_left_open_at_schema_4_hold_their_rows_after_the_upgrade,
		fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_schema_4_files_import_into_a_newer_station, fx_setup,
		fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_file_from_a_newer_schema_names_the_release_to_install,
		setup_pair, teardown_pair),
	    cmocka_unit_test(test_every_schema_version_names_its_first_release),
	    cmocka_unit_test_setup_teardown(
		test_a_change_to_a_table_of_another_shape_is_refused,
		setup_pair, teardown_pair),
	    cmocka_unit_test(test_change_file_names_name_their_station),
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
