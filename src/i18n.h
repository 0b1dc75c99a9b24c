/*
 * i18n — gettext for every user-visible string, core and front ends alike.
 * _() translates now; N_() marks a string in a static table for xgettext and
 * leaves the translation to the place that shows it.  The text domain is
 * bound by src/main.c at start-up.
 */
#ifndef GK_I18N_H
#define GK_I18N_H

#include <libintl.h>

#define GK_TEXTDOMAIN "gongkai"
#define _(s)	      gettext(s)
#define N_(s)	      (s)

#endif
