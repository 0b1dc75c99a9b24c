#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int gk_fail(struct gk_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

int gk_err_exit_status(int code)
{
	switch (code) {
#define GK_ERR_EXIT(name, value, exit_status, meaning)                         \
	case name: return exit_status;
		GK_ERRORS(GK_ERR_EXIT)
#undef GK_ERR_EXIT
	}
	return 1;
}
