"""The working-group solver: hard constraints, the scoring, diagnoses, determinism.

No database: the solver is pure. The property tests draw feasible instances by first
drawing a hidden assignment and then choosing sizes, pins and exclusions it satisfies,
so every drawn instance has at least one valid assignment.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seminar_pages import assignment
from seminar_pages.assignment import (
    BALANCE_WEIGHT,
    POINTS_BY_RANK,
    Group,
    Infeasible,
    Instance,
    Person,
    balance,
    check,
    greedy,
    objective,
    preference_points,
    solve,
)


def groups(*specs):
    """Groups 1, 2, ... from (minimum, maximum) pairs."""
    return tuple(Group(key, minimum, maximum) for key, (minimum, maximum) in enumerate(specs, 1))


def free_people(count, start=1, **fields):
    return tuple(Person(key, **fields) for key in range(start, start + count))


def sizes(solution_groups):
    counted = {}
    for group_key in solution_groups.values():
        counted[group_key] = counted.get(group_key, 0) + 1
    return counted


# --- Scoring -------------------------------------------------------------------------


def test_preference_points_follow_the_rank_table_and_stop_after_it():
    person = Person(1, preferences=(5, 4, 3, 2, 1))
    assert [preference_points(person, key) for key in (5, 4, 3, 2, 1)] == [10, 6, 3, 1, 0]
    assert POINTS_BY_RANK == (10, 6, 3, 1)


def test_unranked_group_scores_no_points():
    assert preference_points(Person(1, preferences=(2,)), 3) == 0
    assert preference_points(Person(1), 3) == 0


def test_objective_is_points_minus_weighted_imbalance():
    # Two women in group 1, one man in group 2: women's share is 2/3, so group 1 (size 2)
    # should have 4/3 women and group 2 (size 1) 2/3; men 2/3 and 1/3.
    instance = Instance(
        people=(
            Person(1, preferences=(1,), gender="female"),
            Person(2, preferences=(2, 1), gender="female"),
            Person(3, preferences=(2,), gender="male"),
        ),
        groups=groups((0, 3), (0, 3)),
    )
    imbalance = (2 - 4 / 3) + abs(0 - 2 / 3) + abs(0 - 2 / 3) + (1 - 1 / 3)
    expected = 10 + 6 + 10 - BALANCE_WEIGHT * imbalance
    assert objective(instance, {1: 1, 2: 1, 3: 2}) == pytest.approx(expected)


def test_unstated_attributes_are_not_balanced():
    instance = Instance(people=free_people(4), groups=groups((0, 4), (0, 4)))
    assert objective(instance, {1: 1, 2: 1, 3: 1, 4: 1}) == 0
    assert objective(instance, {1: 1, 2: 2, 3: 1, 4: 2}) == 0


def test_balance_report_counts_mix_and_choices_per_group():
    instance = Instance(
        people=(
            Person(1, preferences=(1, 2), gender="female", region="asia", category="nhri"),
            Person(2, preferences=(2, 1), gender="male", region="europe"),
            Person(3, preferences=(2, 1), gender="female", region="asia", category="nhri"),
            Person(4, preferences=(1,)),
        ),
        groups=groups((0, 4), (0, 4), (0, 4)),
    )
    report = balance(instance, {1: 1, 2: 1, 3: 2, 4: 1})
    assert list(report) == [1, 2, 3]
    assert report[1].size == 3
    assert report[1].genders == {"female": 1, "male": 1}
    assert report[1].regions == {"asia": 1, "europe": 1}
    assert report[1].categories == {"nhri": 1}
    assert (report[1].first_choice, report[1].second_choice) == (2, 1)
    assert report[2].genders == {"female": 1, "male": 0}
    assert (report[2].first_choice, report[2].second_choice) == (1, 0)
    assert report[3].size == 0
    assert report[3].regions == {"asia": 0, "europe": 0}


# --- Hard constraints ------------------------------------------------------------------


def test_everyone_gets_their_first_choice_when_there_is_room():
    instance = Instance(
        people=(Person(1, preferences=(2, 1)), Person(2, preferences=(1, 2))),
        groups=groups((0, 2), (0, 2)),
    )
    solution = solve(instance)
    assert solution.groups == {1: 2, 2: 1}
    assert solution.optimal
    assert solution.objective == pytest.approx(20)


def test_every_person_is_placed_in_exactly_one_known_group():
    instance = Instance(people=free_people(7), groups=groups((2, 3), (2, 3), (2, 3)))
    solution = solve(instance)
    assert sorted(solution.groups) == list(range(1, 8))
    assert set(solution.groups.values()) <= {1, 2, 3}
    assert check(instance, solution.groups) == []


def test_full_group_sends_the_overflow_to_second_choices():
    instance = Instance(
        people=free_people(3, preferences=(1, 2)),
        groups=groups((0, 2), (0, 3)),
    )
    solution = solve(instance)
    assert sizes(solution.groups) == {1: 2, 2: 1}


def test_group_minimum_is_filled_against_preferences():
    instance = Instance(
        people=free_people(4, preferences=(1,)),
        groups=groups((0, 4), (2, 4)),
    )
    solution = solve(instance)
    assert sizes(solution.groups) == {1: 2, 2: 2}


def test_pinned_person_goes_to_their_group_against_preferences():
    instance = Instance(
        people=(Person(1, preferences=(1, 2), pinned=2), Person(2, preferences=(1, 2))),
        groups=groups((0, 2), (0, 2)),
    )
    assert solve(instance).groups == {1: 2, 2: 1}


def test_excluded_person_never_goes_to_the_excluded_group_even_if_first_choice():
    instance = Instance(
        people=(Person(1, preferences=(1, 2), excluded=frozenset({1})),),
        groups=groups((0, 1), (0, 1)),
    )
    assert solve(instance).groups == {1: 2}


def test_exclusions_from_unknown_groups_are_ignored():
    instance = Instance(
        people=(Person(1, preferences=(1,), excluded=frozenset({99})),),
        groups=groups((0, 1)),
    )
    assert solve(instance).groups == {1: 1}


def test_indifferent_people_are_split_evenly_by_gender_region_and_category():
    instance = Instance(
        people=(
            Person(1, gender="female", region="asia", category="nhri"),
            Person(2, gender="female", region="europe", category="nhri"),
            Person(3, gender="male", region="europe", category="government"),
            Person(4, gender="male", region="asia", category="government"),
        ),
        groups=groups((2, 2), (2, 2)),
    )
    solution = solve(instance)
    assert solution.groups[1] == solution.groups[3]
    for group in balance(instance, solution.groups).values():
        assert group.genders == {"female": 1, "male": 1}
        assert group.regions == {"asia": 1, "europe": 1}
        assert group.categories == {"government": 1, "nhri": 1}


def segregated(*, regions_too):
    """Women want group 1 and men group 2; regions follow gender when ``regions_too``."""
    people = []
    for key, gender, group_key in (
        (1, "female", 1),
        (2, "female", 1),
        (3, "male", 2),
        (4, "male", 2),
    ):
        region = ("asia" if gender == "female" else "europe") if regions_too else ""
        people.append(
            Person(key, preferences=(group_key, 3 - group_key), gender=gender, region=region)
        )
    return Instance(people=tuple(people), groups=groups((2, 2), (2, 2)))


def test_imbalance_in_one_attribute_does_not_cost_anyone_a_first_choice():
    solution = solve(segregated(regions_too=False))
    assert solution.groups == {1: 1, 2: 1, 3: 2, 4: 2}


def test_imbalance_in_two_attributes_outweighs_two_first_choices():
    solution = solve(segregated(regions_too=True))
    assert sorted(sizes(solution.groups).values()) == [2, 2]
    assert solution.groups[1] != solution.groups[2]
    assert solution.groups[3] != solution.groups[4]


def test_check_reports_every_broken_constraint():
    instance = Instance(
        people=(
            Person(1, pinned=2),
            Person(2, excluded=frozenset({1})),
            Person(3),
            Person(4),
        ),
        groups=groups((2, 3), (0, 1)),
    )
    problems = check(instance, {1: 1, 2: 1, 4: 7, 9: 1})
    assert problems == [
        "Participant 1 is in group 1 but pinned to group 2.",
        "Participant 2 is in group 1, which excludes them.",
        "Participant 3 is not in any group.",
        "Participant 4 is in group 7, which is not one of the working groups.",
        "Participant 9 is assigned but not registered.",
    ]
    assert check(instance, {1: 2, 2: 2, 3: 1, 4: 1}) == [
        "Group 2 has 2 people, more than its maximum of 1."
    ]
    assert check(instance, {1: 2, 2: 1, 3: 2, 4: 2}) == [
        "Participant 2 is in group 1, which excludes them.",
        "Group 1 has 1 people, fewer than its minimum of 2.",
        "Group 2 has 3 people, more than its maximum of 1.",
    ]


def test_empty_edition_has_an_empty_assignment():
    solution = solve(Instance(people=(), groups=groups((0, 5))))
    assert solution.groups == {}
    assert solution.objective == 0
    assert solution.optimal


# --- Greedy baseline -------------------------------------------------------------------


def test_greedy_places_pins_first_then_best_ranked_group_with_room():
    instance = Instance(
        people=(
            Person(1, preferences=(1, 2)),
            Person(2, preferences=(1, 2)),
            Person(3, preferences=(2,), pinned=1),
        ),
        groups=groups((0, 2), (0, 2)),
    )
    # The pin takes one of group 1's two seats before person 1 is considered.
    assert greedy(instance) == {1: 1, 2: 2, 3: 1}


def test_greedy_falls_back_to_the_allowed_group_with_most_room():
    instance = Instance(
        people=(Person(1, preferences=(1,)), Person(2, preferences=(1,)), Person(3)),
        groups=groups((0, 1), (0, 2), (0, 3)),
    )
    # Person 2 finds group 1 full: group 3 has most room; then groups 2 and 3 tie.
    assert greedy(instance) == {1: 1, 2: 3, 3: 2}


def test_greedy_gives_up_when_a_minimum_is_not_reached():
    instance = Instance(
        people=free_people(3, preferences=(1,)),
        groups=groups((0, 3), (1, 3)),
    )
    assert greedy(instance) is None


# --- Diagnosis -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instance", "constraint", "words", "group_keys", "person_keys"),
    [
        pytest.param(
            Instance(people=free_people(3), groups=groups((2, 5), (2, 5))),
            "size",
            ["minimum sizes add up to 4 people", "only 3 are registered"],
            (),
            (),
            id="minimums-exceed-people",
        ),
        pytest.param(
            Instance(people=free_people(5), groups=groups((0, 2), (0, 2))),
            "size",
            ["at most 4 people together", "5 are registered"],
            (),
            (),
            id="maximums-below-people",
        ),
        pytest.param(
            Instance(people=(Person(1, pinned=9),), groups=groups((0, 1))),
            "pins",
            ["Participant 1", "group 9", "not one of the working groups"],
            (9,),
            (1,),
            id="pin-to-unknown-group",
        ),
        pytest.param(
            Instance(people=(Person(1, pinned=1, excluded=frozenset({1})),), groups=groups((0, 1))),
            "pins",
            ["Participant 1", "pinned to group 1 but also excluded"],
            (1,),
            (1,),
            id="pin-to-excluded-group",
        ),
        pytest.param(
            Instance(
                people=(Person(4, excluded=frozenset({1, 2})),), groups=groups((0, 1), (0, 1))
            ),
            "exclusions",
            ["Participant 4", "excluded from every working group"],
            (),
            (4,),
            id="excluded-everywhere",
        ),
        pytest.param(
            Instance(
                people=(Person(1, pinned=2), Person(2, pinned=2), Person(3, pinned=2)),
                groups=groups((0, 3), (0, 2)),
            ),
            "pins",
            ["3 participants are pinned to group 2", "maximum of 2"],
            (2,),
            (1, 2, 3),
            id="more-pins-than-maximum",
        ),
        pytest.param(
            Instance(
                people=(
                    Person(1, excluded=frozenset({1})),
                    Person(2, excluded=frozenset({1})),
                    Person(3, pinned=2),
                    Person(4),
                ),
                groups=groups((0, 3), (0, 2)),
            ),
            "maximum",
            ["Group 2 can take at most 2 people", "3 participants", "1, 2, 3"],
            (2,),
            (1, 2, 3),
            id="exclusions-confine-too-many-to-one-group",
        ),
        pytest.param(
            Instance(
                people=(
                    Person(1, excluded=frozenset({1, 2})),
                    Person(2, excluded=frozenset({1, 2})),
                    Person(3, excluded=frozenset({1, 2})),
                    Person(4),
                    Person(5),
                ),
                groups=groups((0, 2), (0, 2), (0, 1), (0, 1)),
            ),
            "maximum",
            ["Groups 3, 4 can take at most 2 people together", "3 participants"],
            (3, 4),
            (1, 2, 3),
            id="exclusions-confine-too-many-to-two-groups",
        ),
        pytest.param(
            Instance(
                people=(
                    Person(1, excluded=frozenset({2})),
                    Person(2, pinned=1),
                    Person(3),
                ),
                groups=groups((0, 3), (2, 3)),
            ),
            "minimum",
            ["Group 2 needs at least 2 people", "only 1 participants may go to it"],
            (2,),
            (),
            id="exclusions-and-pins-starve-a-minimum",
        ),
    ],
)
def test_infeasible_instance_names_the_constraint_to_relax(
    instance, constraint, words, group_keys, person_keys
):
    with pytest.raises(Infeasible) as raised:
        solve(instance)
    assert raised.value.constraint == constraint
    assert str(raised.value) == raised.value.message
    for word in words:
        assert word in raised.value.message
    assert raised.value.groups == group_keys
    assert raised.value.people == person_keys


def many_groups(overrides=None):
    """More groups than the subset check covers, so only HiGHS can see pairwise problems."""
    count = assignment.SUBSET_CHECK_MAX_GROUPS + 1
    specs = [(overrides or {}).get(key, (0, 10)) for key in range(1, count + 1)]
    return groups(*specs), set(range(1, count + 1))


def test_relaxation_diagnosis_names_maximums_when_exclusions_confine_people_to_two_groups():
    group_specs, keys = many_groups()
    only_one_and_two = frozenset(keys - {1, 2})
    people = free_people(25, excluded=only_one_and_two)
    with pytest.raises(Infeasible) as raised:
        solve(Instance(people=people, groups=group_specs))
    assert raised.value.constraint == "maximum"
    assert "raise some maximums" in raised.value.message


def test_relaxation_diagnosis_names_minimums_when_two_groups_cannot_be_filled():
    group_specs, keys = many_groups({1: (8, 10), 2: (8, 10)})
    people = free_people(12) + free_people(20, start=13, excluded=frozenset({1, 2}))
    with pytest.raises(Infeasible) as raised:
        solve(Instance(people=people, groups=group_specs))
    assert raised.value.constraint == "minimum"
    assert "lower some minimums" in raised.value.message


def test_relaxation_diagnosis_names_exclusions_when_group_sizes_alone_do_not_help():
    # Exclusions confine 25 people to groups 1 and 2 (20 seats) and leave only 8 people
    # for the 10 that groups 3 and 4 need: neither sizes' relaxation alone is enough.
    group_specs, keys = many_groups({3: (5, 10), 4: (5, 10)})
    people = free_people(25, excluded=frozenset(keys - {1, 2})) + free_people(8, start=26)
    with pytest.raises(Infeasible) as raised:
        solve(Instance(people=people, groups=group_specs))
    assert raised.value.constraint == "exclusions"
    assert "exclusions leave no valid assignment" in raised.value.message


def test_relaxation_diagnosis_names_pins_when_only_dropping_pins_helps():
    # The structural checks would catch this first; the relaxations are asked directly.
    instance = Instance(people=free_people(3, pinned=1), groups=groups((0, 2), (1, 3)))
    with pytest.raises(Infeasible) as raised:
        assignment._raise_from_relaxations(instance, time_limit=5)
    assert raised.value.constraint == "pins"
    assert "pins leave no valid assignment" in raised.value.message


@pytest.mark.parametrize(
    ("instance", "words"),
    [
        pytest.param(
            Instance(people=(Person(1), Person(1)), groups=groups((0, 2))),
            "duplicate person keys",
            id="duplicate-person",
        ),
        pytest.param(
            Instance(people=(Person(1),), groups=(Group(1, 0, 1), Group(1, 0, 1))),
            "duplicate group keys",
            id="duplicate-group",
        ),
        pytest.param(
            Instance(people=(Person(1),), groups=groups((3, 2))),
            "minimum <= maximum",
            id="minimum-above-maximum",
        ),
        pytest.param(
            Instance(people=(Person(1),), groups=groups((-1, 2))),
            "0 <= minimum",
            id="negative-minimum",
        ),
        pytest.param(
            Instance(people=(Person(1, preferences=(1, 7)),), groups=groups((0, 2))),
            "unknown groups [7]",
            id="preference-for-unknown-group",
        ),
        pytest.param(
            Instance(people=(Person(1, preferences=(1, 1)),), groups=groups((0, 2))),
            "ranks a group twice",
            id="group-ranked-twice",
        ),
    ],
)
def test_malformed_input_is_rejected_by_solver_and_greedy(instance, words):
    with pytest.raises(ValueError, match=words.replace("[", r"\[").replace("]", r"\]")):
        solve(instance)
    with pytest.raises(ValueError, match=words.replace("[", r"\[").replace("]", r"\]")):
        greedy(instance)


# --- Determinism -----------------------------------------------------------------------


def tied_instance():
    """Many equally good assignments: whichever HiGHS picks, it must pick it every time."""
    people = tuple(
        Person(
            key,
            preferences=((1, 2, 3), (2, 3, 1), (3, 1, 2))[key % 3][: key % 4],
            gender=("female", "male", "")[key % 3],
            region=("asia", "europe")[key % 2],
            category=("civil_society", "government", "nhri", "international_organisation")[key % 4],
        )
        for key in range(1, 31)
    )
    return Instance(people=people, groups=groups((8, 12), (8, 12), (8, 12)))


def test_repeated_solves_give_the_same_assignment():
    instance = tied_instance()
    first = solve(instance)
    assert all(solve(instance).groups == first.groups for _ in range(3))


def test_input_order_does_not_change_the_assignment():
    instance = tied_instance()
    shuffled = Instance(people=instance.people[::-1], groups=instance.groups[::-1])
    assert solve(shuffled).groups == solve(instance).groups


# --- Properties on random feasible instances -------------------------------------------

GENDERS = st.sampled_from(["", "female", "male", "other"])
REGIONS = st.sampled_from(["", "asia", "europe"])
CATEGORIES = st.sampled_from(
    ["", "civil_society", "government", "nhri", "international_organisation"]
)


@st.composite
def feasible_instances(draw):
    group_keys = draw(st.lists(st.integers(1, 500), min_size=2, max_size=6, unique=True))
    # The count first: a list strategy alone shrinks towards a handful of people.
    count = draw(st.integers(0, 60))
    person_keys = draw(
        st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True)
    )
    hidden = [draw(st.sampled_from(group_keys)) for _ in person_keys]
    group_list = []
    for key in group_keys:
        size = hidden.count(key)
        group_list.append(Group(key, draw(st.integers(0, size)), draw(st.integers(size, size + 4))))
    people = []
    for key, home in zip(person_keys, hidden, strict=True):
        ranking = draw(st.permutations(group_keys))
        others = [group_key for group_key in group_keys if group_key != home]
        people.append(
            Person(
                key,
                preferences=tuple(ranking[: draw(st.integers(0, len(ranking)))]),
                gender=draw(GENDERS),
                region=draw(REGIONS),
                category=draw(CATEGORIES),
                pinned=home if draw(st.integers(0, 9)) == 0 else None,
                excluded=frozenset(draw(st.lists(st.sampled_from(others), max_size=2))),
            )
        )
    return Instance(people=tuple(people), groups=tuple(group_list))


PROPERTY_SETTINGS = settings(max_examples=40, deadline=None)


@PROPERTY_SETTINGS
@given(feasible_instances())
def test_solutions_of_feasible_instances_break_no_hard_constraint(instance):
    assert check(instance, solve(instance).groups) == []


@PROPERTY_SETTINGS
@given(feasible_instances())
def test_solver_never_scores_below_a_valid_greedy_assignment(instance):
    baseline = greedy(instance)
    if baseline is not None:
        assert check(instance, baseline) == []
        assert solve(instance).objective >= objective(instance, baseline) - 1e-6


@PROPERTY_SETTINGS
@given(feasible_instances())
def test_reported_objective_is_the_scoring_function_of_the_assignment(instance):
    solution = solve(instance)
    assert solution.optimal
    assert solution.objective == pytest.approx(objective(instance, solution.groups), abs=1e-6)


@PROPERTY_SETTINGS
@given(feasible_instances(), st.randoms(use_true_random=False))
def test_same_instance_in_any_order_gives_the_same_assignment(instance, random):
    people, group_list = list(instance.people), list(instance.groups)
    random.shuffle(people)
    random.shuffle(group_list)
    shuffled = Instance(people=tuple(people), groups=tuple(group_list))
    first = solve(instance)
    assert solve(instance).groups == first.groups
    assert solve(shuffled).groups == first.groups
