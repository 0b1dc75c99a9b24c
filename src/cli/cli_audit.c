/* The audit log: audit verify. */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>

#include "audit.h"
#include "sync.h"

int cmd_audit_verify(struct cli *c, int argc, char **argv)
{
	int64_t checked;
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	int64_t changes;
	if ((rc = gk_audit_verify(c->store, &checked, &c->err)) < 0 ||
	    (rc = gk_sync_verify_audit(c->store, &changes, &c->err)) < 0)
		return cli_fail(c, rc);
	printf(_("The audit log verifies: %lld entries, every hash "
		 "matches.\n"),
	       (long long)checked);
	printf(_("The audit hashes carried by %lld changes of every station "
		 "match: no station rewrote its history.\n"),
	       (long long)changes);
	return 0;
}
