/*
 * test_problem.c - bounded problem lists: a flood of minor problems cannot
 * push a deny out of the list.
 */
#include "wa_test.h"

#include "problem.h"

static void test_flood_keeps_worst(void **state)
{
    struct problem_list l = { 0 };

    (void)state;
    for (int i = 0; i < PROBLEM_MAX + 10; i++)
        assert_int_equal(problem_add(&l, SEV_REVIEW, "unknown_import", i, "m%d", i), 0);
    assert_int_equal(l.n, PROBLEM_MAX);
    assert_int_equal(l.dropped, 10);
    assert_int_equal(problem_add(&l, SEV_DENY, "unsafe_import", 999, "os.system"), 0);
    assert_int_equal(l.n, PROBLEM_MAX);
    assert_int_equal(l.dropped, 11);
    assert_int_equal(problem_worst(&l), SEV_DENY);
    assert_true(problem_has(&l, "unsafe_import"));
    assert_int_equal(problem_first(&l, SEV_DENY)->offset, 999);
    /* the review problem displaced was the last one */
    assert_int_equal(l.v[PROBLEM_MAX - 2].offset, PROBLEM_MAX - 2);
    /* an equal-severity problem does not displace anything */
    assert_int_equal(problem_add(&l, SEV_REVIEW, "x", 1, "x"), 0);
    assert_int_equal(l.dropped, 12);
    assert_false(problem_has(&l, "x"));
    /* errors displace the reviews first, the deny last */
    for (int i = 0; i < PROBLEM_MAX - 1; i++)
        problem_add(&l, SEV_ERROR, "bad", i, "e");
    assert_true(problem_has(&l, "unsafe_import"));
    assert_int_equal(problem_worst(&l), SEV_ERROR);
    problem_add(&l, SEV_ERROR, "bad", 0, "e");
    assert_false(problem_has(&l, "unsafe_import"));
    problem_list_free(&l);
    assert_int_equal(l.n, 0);
}

static void test_move_and_names(void **state)
{
    struct problem_list a = { 0 }, b = { 0 };

    (void)state;
    problem_add(&a, SEV_INFO, "note", -1, "n");
    problem_add(&b, SEV_ERROR, "bad", 4, "b %s", "x");
    assert_int_equal(problem_move(&a, &b), 0);
    assert_int_equal(a.n, 2);
    assert_int_equal(b.n, 0);
    assert_string_equal(a.v[1].message, "b x");
    assert_string_equal(problem_sev_name(SEV_DENY), "deny");
    assert_null(problem_first(&b, SEV_INFO));
    problem_list_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flood_keeps_worst),
        cmocka_unit_test(test_move_and_names),
    };
    return cmocka_run_group_tests_name("problem", tests, NULL, NULL);
}
