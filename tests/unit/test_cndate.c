/*
 * Dates in China (cndate.h): the civil date in Asia/Shanghai of an
 * instant, whatever TZ the program runs under, and the check that a
 * typed date has come.
 */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cndate.h"

/* ms for a UTC time written by gk_time_format. */
static int64_t at(const char *iso)
{
	int64_t ms = gk_time_parse(iso);
	assert_true(ms >= 0);
	return ms;
}

static void test_a_china_date_turns_at_midnight_in_shanghai(void **state)
{
	char date[GK_DATE_LEN];
	(void)state;
	/* 23:59:59.999 in Beijing is still the 15th; one ms later the
	 * 16th, while it is the 15th in UTC. */
	gk_cndate_of_ms(at("2026-03-15T15:59:59.999Z"), date);
	assert_string_equal(date, "2026-03-15");
	gk_cndate_of_ms(at("2026-03-15T16:00:00.000Z"), date);
	assert_string_equal(date, "2026-03-16");
	/* New year's eve in UTC is new year's day in China. */
	gk_cndate_of_time("2026-12-31T20:30:00.000Z", date);
	assert_string_equal(date, "2027-01-01");
	/* Before 1970 too (a millisecond before the epoch is 07:59:59). */
	gk_cndate_of_ms(-1, date);
	assert_string_equal(date, "1970-01-01");
	gk_cndate_of_ms(-8 * 3600 * 1000LL - 1, date);
	assert_string_equal(date, "1969-12-31");
}

static void test_the_china_date_ignores_the_local_time_zone(void **state)
{
	char date[GK_DATE_LEN];
	(void)state;
	const char *was = getenv("TZ");
	char *saved = was ? strdup(was) : NULL;
	/* A workstation set to New York, and one to Kathmandu (UTC+5:45). */
	static const char *const zones[] = {"America/New_York",
					    "Asia/Kathmandu", "UTC"};
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		gk_cndate_of_ms(at("2026-07-01T16:30:00.000Z"), date);
		assert_string_equal(date, "2026-07-02");
	}
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

static void test_a_malformed_time_has_no_date(void **state)
{
	char date[GK_DATE_LEN] = "x";
	(void)state;
	gk_cndate_of_time("2026-07-01 16:30", date);
	assert_string_equal(date, "");
	strcpy(date, "x");
	gk_cndate_of_time(NULL, date);
	assert_string_equal(date, "");
}

static void test_a_date_that_has_not_come_is_refused_naming_today(void **state)
{
	struct gk_err err = {0};
	int year = 0;
	(void)state;
	assert_int_equal(gk_cndate_check_past("2026-11-20", "The end date",
					      "2026-11-20", &year, &err),
			 0);
	assert_int_equal(year, 2026);
	assert_int_equal(gk_cndate_check_past("2026-11-21", "The end date",
					      "2026-11-20", NULL, &err),
			 GK_EINVAL);
	assert_string_equal(err.msg,
			    "The end date 2026-11-21 is in the future; "
			    "today is 2026-11-20.");
	/* Not a date at all: said so, before any comparison. */
	assert_int_equal(gk_cndate_check_past("2026-11-31", "The end date",
					      "2026-12-20", NULL, &err),
			 GK_EINVAL);
	assert_non_null(strstr(err.msg, "not a real date"));
	assert_int_equal(gk_cndate_check_past("20261120", "The end date",
					      "2026-12-20", NULL, &err),
			 GK_EINVAL);
	assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
}

/* The store's today is the China date of the store's clock. */
static void test_the_store_says_today_in_china(void **state)
{
	struct fx *fx = *state;
	char today[GK_DATE_LEN];
	fx->store->clock_ms = at("2026-11-19T16:00:00.000Z");
	gk_store_today(fx->store, today);
	assert_string_equal(today, "2026-11-20");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_china_date_turns_at_midnight_in_shanghai),
	    cmocka_unit_test(test_the_china_date_ignores_the_local_time_zone),
	    cmocka_unit_test(test_a_malformed_time_has_no_date),
	    cmocka_unit_test(
		test_a_date_that_has_not_come_is_refused_naming_today),
	    cmocka_unit_test_setup_teardown(test_the_store_says_today_in_china,
					    fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
