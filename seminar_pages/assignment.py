"""Who goes to which working group: an integer programme solved by HiGHS.

Pure on purpose: it takes plain dataclasses and knows nothing of the models, so the same
code answers the editor's "solve" button, the tests and the benchmark, and a solve can be
reproduced from a saved instance without a database.

Every participant goes to exactly one group; group sizes stay between their minimum and
maximum; editors' pins and exclusions hold. Within those hard constraints the solver
maximises :func:`objective`: preference points minus a penalty for groups whose mix of
gender, region and institutional category strays from the edition's. The greedy baseline
is scored by the same function, so the two can be compared honestly.

The model is built from people and groups sorted by key and HiGHS is deterministic, so
the same instance, in whatever order it was listed, gives the same assignment, as long
as the solve finishes within its time limit (a solve cut short stops wherever the clock
stopped it).

Malformed input raises ``ValueError``: duplicate keys, a minimum above its maximum or
below zero, and preferences naming a group that is not in the instance or naming a group
twice. Preferences are rejected rather than skipped because a rank is only meaningful
against the groups the participant chose from: a stale group means the caller built the
instance from the wrong data, and quietly promoting the second choice to first would
hide it. Exclusions from a group that is not in the instance restrict nothing and are
ignored. A pin to an unknown group is an editor's decision the editor can correct, so it
raises :class:`Infeasible` instead.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from django.utils.translation import gettext as _
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

# Points for a participant's first, second, third and fourth choice; any other group
# scores 0. A first choice is worth clearly more than a second so that the solver does not
# trade one person's first choice for two people's marginal gains.
POINTS_BY_RANK = (10, 6, 3, 1)

# Cost of one person's worth of imbalance (|c_gv - N_v * s_g / n| summed over groups,
# attributes and values). Moving one person between two groups changes the total
# imbalance of one attribute by at most about 2 (their value is off by one in the group
# they leave and the one they join), i.e. 3 points at this weight: less than the 4 points
# between a first and a second choice, so a slight imbalance in one attribute never costs
# anyone their first choice, while a move that fixes two attributes at once (6 points)
# does. Dropping someone from their first choice to a group they did not rank (10 points)
# takes a grossly unbalanced group. A value with a small denominator keeps the scaled
# objective integral (see _Model).
BALANCE_WEIGHT = 1.5

# The balanced attributes, as (name of the Person field, name in GroupBalance).
BALANCED_ATTRIBUTES = ("gender", "region", "category")

# Above this many groups the structural check of every subset of groups (2^k subsets)
# stops being cheap; only single groups are checked and HiGHS plus the relaxations
# diagnose the rest.
SUBSET_CHECK_MAX_GROUPS = 12

CONSTRAINTS = ("size", "minimum", "maximum", "pins", "exclusions")


@dataclass(frozen=True)
class Person:
    key: int
    preferences: tuple[int, ...] = ()
    gender: str = ""
    region: str = ""
    category: str = ""
    pinned: int | None = None
    excluded: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Group:
    key: int
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Instance:
    people: tuple[Person, ...]
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Solution:
    groups: dict[int, int]
    objective: float
    optimal: bool
    seconds: float


@dataclass(frozen=True)
class GroupBalance:
    """One row of the editor's balance report.

    Counts cover stated values only (``size`` minus their sum is "not stated"), and every
    value stated anywhere in the instance appears in every group, as 0 where absent, so
    the report's columns line up.
    """

    size: int
    genders: dict[str, int] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    first_choice: int = 0
    second_choice: int = 0


class Infeasible(Exception):
    """No assignment satisfies the hard constraints.

    ``constraint`` says which kind of constraint to relax (one of :data:`CONSTRAINTS`);
    ``str(self)`` says so to the editor in plain words; ``groups`` and ``people`` hold the
    keys concerned, where the diagnosis could name them, for the admin to highlight.
    """

    def __init__(self, constraint, message, *, groups=(), people=()):
        super().__init__(message)
        self.constraint = constraint
        self.message = message
        self.groups = tuple(groups)
        self.people = tuple(people)


# --- Scoring -------------------------------------------------------------------------


def preference_points(person, group_key):
    """Points for placing ``person`` in ``group_key``.

    Args:
        person: a :class:`Person`.
        group_key: the key of a group.

    Returns:
        The entry of :data:`POINTS_BY_RANK` for the group's rank among the person's
        preferences; 0 when unranked or ranked below the table.
    """
    try:
        rank = person.preferences.index(group_key)
    except ValueError:
        return 0
    return POINTS_BY_RANK[rank] if rank < len(POINTS_BY_RANK) else 0


def _value_counts(people):
    """N_v for every attribute and stated value, in a fixed order (attribute, value)."""
    counts = {}
    for attribute in BALANCED_ATTRIBUTES:
        values = Counter(getattr(person, attribute) for person in people)
        values.pop("", None)
        counts[attribute] = dict(sorted(values.items()))
    return counts


def objective(instance, groups):
    """The score the solver maximises, computed directly from an assignment.

    Args:
        instance: an :class:`Instance`.
        groups: person key -> group key, for every person.

    Returns:
        The sum of :func:`preference_points` minus :data:`BALANCE_WEIGHT` times the total
        imbalance: over attributes, stated values v and groups g, |c_gv - N_v * s_g / n|.
    """
    people = sorted(instance.people, key=lambda person: person.key)
    group_keys = sorted(group.key for group in instance.groups)
    points = sum(preference_points(person, groups[person.key]) for person in people)
    n = len(people)
    if n == 0:
        return float(points)
    sizes = Counter(groups[person.key] for person in people)
    imbalance = Fraction(0)
    for attribute, values in _value_counts(people).items():
        in_group = Counter((groups[p.key], getattr(p, attribute)) for p in people)
        for value, total in values.items():
            for key in group_keys:
                imbalance += abs(Fraction(in_group[key, value]) - Fraction(total * sizes[key], n))
    return float(points - Fraction(BALANCE_WEIGHT) * imbalance)


def balance(instance, groups):
    """The balance report: per group, its size, mix and how many got their first choices.

    Args:
        instance: an :class:`Instance`.
        groups: person key -> group key.

    Returns:
        group key -> :class:`GroupBalance`, for every group of the instance, by key.
    """
    values = _value_counts(instance.people)
    report = {}
    for group in sorted(instance.groups, key=lambda group: group.key):
        members = [p for p in instance.people if groups.get(p.key) == group.key]
        mix = {}
        for attribute, stated in values.items():
            present = Counter(getattr(p, attribute) for p in members)
            mix[attribute] = {value: present[value] for value in stated}
        report[group.key] = GroupBalance(
            size=len(members),
            genders=mix["gender"],
            regions=mix["region"],
            categories=mix["category"],
            first_choice=sum(1 for p in members if p.preferences[:1] == (group.key,)),
            second_choice=sum(1 for p in members if p.preferences[1:2] == (group.key,)),
        )
    return report


# --- Validation and hard constraints ---------------------------------------------------


def _validate(instance):
    """Raise ValueError for input no editor could have produced (see the module docstring)."""
    group_keys = [group.key for group in instance.groups]
    duplicates = sorted(key for key, count in Counter(group_keys).items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate group keys: {duplicates}")
    person_keys = [person.key for person in instance.people]
    duplicates = sorted(key for key, count in Counter(person_keys).items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate person keys: {duplicates}")
    for group in instance.groups:
        if group.minimum < 0 or group.minimum > group.maximum:
            raise ValueError(
                f"group {group.key}: need 0 <= minimum <= maximum, got "
                f"{group.minimum}..{group.maximum}"
            )
    known = set(group_keys)
    for person in instance.people:
        unknown = [key for key in person.preferences if key not in known]
        if unknown:
            raise ValueError(f"person {person.key} prefers unknown groups {unknown}")
        if len(set(person.preferences)) != len(person.preferences):
            raise ValueError(f"person {person.key} ranks a group twice: {person.preferences}")


def _allowed(person, group_keys):
    """The groups ``person`` may go to under pins and exclusions, in key order."""
    if person.pinned is not None:
        return [person.pinned] if person.pinned in group_keys else []
    return [key for key in group_keys if key not in person.excluded]


def _violations(instance, groups):
    """Every broken hard constraint as (message id, parameters), untranslated.

    Kept apart from :func:`check` so that the greedy baseline and the benchmark can test
    validity without Django's translation machinery (which needs settings).
    """
    found = []
    groups_by_key = {group.key: group for group in instance.groups}
    person_keys = {person.key for person in instance.people}
    for person in sorted(instance.people, key=lambda person: person.key):
        key = groups.get(person.key)
        if key is None:
            found.append(("unassigned", {"person": person.key}))
            continue
        if key not in groups_by_key:
            found.append(("unknown_group", {"person": person.key, "group": key}))
        if person.pinned is not None and key != person.pinned:
            found.append(("pin", {"person": person.key, "group": key, "pinned": person.pinned}))
        if key in person.excluded:
            found.append(("exclusion", {"person": person.key, "group": key}))
    for key in sorted(set(groups) - person_keys):
        found.append(("unknown_person", {"person": key}))
    sizes = Counter(groups[key] for key in person_keys if key in groups)
    for group in sorted(instance.groups, key=lambda group: group.key):
        size = sizes[group.key]
        if size < group.minimum:
            found.append(("minimum", {"group": group.key, "size": size, "minimum": group.minimum}))
        if size > group.maximum:
            found.append(("maximum", {"group": group.key, "size": size, "maximum": group.maximum}))
    return found


def _violation_messages():
    return {
        "unassigned": _("Participant %(person)s is not in any group."),
        "unknown_group": _(
            "Participant %(person)s is in group %(group)s, which is not one of the working groups."
        ),
        "pin": _("Participant %(person)s is in group %(group)s but pinned to group %(pinned)s."),
        "exclusion": _("Participant %(person)s is in group %(group)s, which excludes them."),
        "unknown_person": _("Participant %(person)s is assigned but not registered."),
        "minimum": _("Group %(group)s has %(size)s people, fewer than its minimum of %(minimum)s."),
        "maximum": _("Group %(group)s has %(size)s people, more than its maximum of %(maximum)s."),
    }


def check(instance, groups):
    """Every hard constraint an assignment breaks, for the editor, before it is saved.

    Args:
        instance: an :class:`Instance`.
        groups: person key -> group key.

    Returns:
        One translated sentence per violation; an empty list when the assignment is valid.
    """
    messages = _violation_messages()
    return [messages[kind] % params for kind, params in _violations(instance, groups)]


# --- Greedy baseline -------------------------------------------------------------------


def greedy(instance):
    """The baseline the solver has to beat: what a careful editor would do by hand.

    Pins first; then, in key order, each person to their best-ranked allowed group that
    still has room, else to the allowed group with the most room (lowest key on ties).

    Args:
        instance: an :class:`Instance`.

    Returns:
        person key -> group key, or None when the result breaks a hard constraint (a
        minimum not reached, a person with nowhere to go).
    """
    _validate(instance)
    groups_by_key = {group.key: group for group in instance.groups}
    group_keys = sorted(groups_by_key)
    people = sorted(instance.people, key=lambda person: person.key)
    assignment = {}
    sizes = Counter()
    for person in people:
        if person.pinned is not None:
            if person.pinned not in groups_by_key or person.pinned in person.excluded:
                return None
            assignment[person.key] = person.pinned
            sizes[person.pinned] += 1
    for person in people:
        if person.pinned is not None:
            continue
        allowed = _allowed(person, group_keys)
        with_room = [key for key in allowed if sizes[key] < groups_by_key[key].maximum]
        if not with_room:
            return None
        ranked = [key for key in person.preferences if key in with_room]
        choice = (
            ranked[0]
            if ranked
            else max(with_room, key=lambda key: (groups_by_key[key].maximum - sizes[key], -key))
        )
        assignment[person.key] = choice
        sizes[choice] += 1
    if _violations(instance, assignment):
        return None
    return assignment


# --- The integer programme -------------------------------------------------------------


class _Model:
    """The integer programme for one instance, with switches for the relaxations.

    Variables, people and groups by key: x[p, g] binary (person p in group g); one integer
    D[g, v] per group and stated attribute value, D = n * d, the deviation scaled to whole
    numbers; and y[g, s] binary (group g has exactly s members) for every size the group
    may take.

    n * c_gv - N_v * s_g is an integer, so an integral D loses nothing, and with
    BALANCE_WEIGHT = a/b the objective times n * b has integer coefficients: HiGHS
    detects that and prunes every node whose bound cannot beat the incumbent by a whole
    unit.

    The size indicators carry no cost; they close the gap that otherwise keeps HiGHS
    from proving optimality. The LP relaxation splits people fractionally and balances
    every group exactly, while any real assignment leaves an irreducible residue: with s
    members, |n * c - N_v * s| is at least r_v(s), the distance from N_v * s to the
    nearest multiple of n. At realistic sizes that residue is most of the optimal
    imbalance, so without D >= sum_s r_v(s) * y[g, s] the root bound sits several points
    above the optimum and branch and bound spends tens of seconds closing it.
    """

    def __init__(self, instance, *, minimums=True, maximums=True, exclusions=True, pins=True):
        self.people = sorted(instance.people, key=lambda person: person.key)
        self.groups = sorted(instance.groups, key=lambda group: group.key)
        n, k = len(self.people), len(self.groups)
        self.n, self.k = n, k
        weight = Fraction(BALANCE_WEIGHT)
        self.scale = n * weight.denominator
        group_index = {group.key: j for j, group in enumerate(self.groups)}

        deviations = [
            (attribute, value, total)
            for attribute, values in _value_counts(self.people).items()
            for value, total in values.items()
        ]
        sizes = [
            range(
                min(group.minimum, n) if minimums else 0,
                min(group.maximum, n) + 1 if maximums else n + 1,
            )
            for group in self.groups
        ]
        n_x = n * k
        n_d = len(deviations) * k
        y_start = [n_x + n_d]
        for allowed in sizes:
            y_start.append(y_start[-1] + len(allowed))
        n_vars = y_start[-1]

        cost = np.zeros(n_vars)
        lower = np.zeros(n_vars)
        upper = np.ones(n_vars)
        upper[n_x : n_x + n_d] = np.inf
        for i, person in enumerate(self.people):
            for j, group in enumerate(self.groups):
                cost[i * k + j] = -self.scale * preference_points(person, group.key)
                if exclusions and group.key in person.excluded:
                    upper[i * k + j] = 0
            if pins and person.pinned is not None and person.pinned in group_index:
                lower[i * k + group_index[person.pinned]] = 1
        cost[n_x : n_x + n_d] = weight.numerator

        rows, cols, data, row_lower, row_upper = [], [], [], [], []

        def add_row(entries, low, high):
            row = len(row_lower)
            for col, value in entries:
                rows.append(row)
                cols.append(col)
                data.append(value)
            row_lower.append(low)
            row_upper.append(high)

        for i in range(n):
            add_row([(i * k + j, 1) for j in range(k)], 1, 1)
        for j, allowed in enumerate(sizes):
            y = range(y_start[j], y_start[j + 1])
            add_row([(col, 1) for col in y], 1, 1)
            add_row(
                [
                    *((i * k + j, 1) for i in range(n)),
                    *((col, -s) for col, s in zip(y, allowed, strict=True)),
                ],
                0,
                0,
            )
        for d, (attribute, value, total) in enumerate(deviations):
            members = [
                i for i, person in enumerate(self.people) if getattr(person, attribute) == value
            ]
            for j, allowed in enumerate(sizes):
                column = n_x + d * k + j
                # n * c_gv - N_v * s_g, with s_g from the size indicators: sparser than
                # summing every x_pg, which keeps each LP solve cheap.
                terms = [(i * k + j, n) for i in members]
                terms += [(y_start[j] + index, -total * s) for index, s in enumerate(allowed) if s]
                add_row([(column, 1), *((col, -a) for col, a in terms)], 0, np.inf)
                add_row([(column, 1), *((col, a) for col, a in terms)], 0, np.inf)
                residues = [
                    (y_start[j] + index, min(total * s % n, n - total * s % n))
                    for index, s in enumerate(allowed)
                ]
                add_row(
                    [(column, 1), *((col, -r) for col, r in residues if r)],
                    0,
                    np.inf,
                )

        self.cost = cost
        self.bounds = Bounds(lower, upper)
        self.constraints = LinearConstraint(
            coo_matrix((data, (rows, cols)), shape=(len(row_lower), n_vars)).tocsr(),
            np.array(row_lower, dtype=float),
            np.array(row_upper, dtype=float),
        )
        self.integrality = np.ones(n_vars)

    def solve(self, time_limit):
        # mip_rel_gap 0: objective values differ by as little as 1 / scale, so HiGHS's
        # default relative gap (1e-4) could stop short of the optimum, and below a greedy
        # assignment that happens to be optimal. The integral objective keeps it fast.
        return milp(
            self.cost,
            integrality=self.integrality,
            bounds=self.bounds,
            constraints=self.constraints,
            options={"time_limit": time_limit, "mip_rel_gap": 0.0},
        )

    def assignment(self, result):
        x = np.asarray(result.x[: self.n * self.k]).reshape(self.n, self.k)
        chosen = x.argmax(axis=1)
        return {person.key: self.groups[chosen[i]].key for i, person in enumerate(self.people)}


def solve(instance, *, time_limit=20.0):
    """The best assignment under the hard constraints.

    Args:
        instance: an :class:`Instance`.
        time_limit: seconds HiGHS may spend; when it runs out the best assignment found so
            far is returned with ``optimal=False``.

    Returns:
        A :class:`Solution`; its ``objective`` is HiGHS's own value for the model, which
        equals :func:`objective` of the assignment (the tests hold it to that).

    Raises:
        Infeasible: no assignment satisfies the constraints; says which to relax.
        ValueError: malformed input (see the module docstring).
        RuntimeError: the time limit ran out before HiGHS found any assignment.
    """
    started = time.perf_counter()
    _validate(instance)
    _raise_structural(instance)
    if not instance.people:
        return Solution({}, 0.0, True, time.perf_counter() - started)
    model = _Model(instance)
    result = model.solve(time_limit)
    if result.status == 2:
        _raise_from_relaxations(instance, time_limit)
    if result.x is None:
        raise RuntimeError(
            f"HiGHS found no assignment within {time_limit} s ({result.message}); "
            "raise the time limit"
        )
    return Solution(
        groups=model.assignment(result),
        objective=-result.fun / model.scale,
        optimal=result.status == 0,
        seconds=time.perf_counter() - started,
    )


# --- Diagnosis -------------------------------------------------------------------------


def _listed(keys, limit=10):
    keys = sorted(keys)
    shown = ", ".join(str(key) for key in keys[:limit])
    return shown + (", …" if len(keys) > limit else "")


def _raise_structural(instance):
    """Raise Infeasible when counting alone proves it, naming what to relax.

    Pins and exclusions leave each person a set of allowed groups; a set S of groups then
    cannot take more than the sum of its maximums from the people allowed only in S, nor
    reach the sum of its minimums from fewer people allowed anywhere in S. These are the
    Hall conditions of the underlying transportation problem, and with at most a dozen
    groups every subset is cheap to check; the smallest subset that fails is reported,
    as it names the fewest groups.
    """
    groups = sorted(instance.groups, key=lambda group: group.key)
    group_keys = [group.key for group in groups]
    people = sorted(instance.people, key=lambda person: person.key)
    n = len(people)
    total_minimum = sum(group.minimum for group in groups)
    total_maximum = sum(group.maximum for group in groups)
    if total_minimum > n:
        raise Infeasible(
            "size",
            _(
                "The groups' minimum sizes add up to %(minimum)s people, but only "
                "%(people)s are registered: lower some groups' minimums."
            )
            % {"minimum": total_minimum, "people": n},
        )
    if total_maximum < n:
        raise Infeasible(
            "size",
            _(
                "The groups can take at most %(maximum)s people together, but %(people)s "
                "are registered: raise some groups' maximums or add a group."
            )
            % {"maximum": total_maximum, "people": n},
        )
    known = set(group_keys)
    for person in people:
        if person.pinned is not None and person.pinned not in known:
            raise Infeasible(
                "pins",
                _(
                    "Participant %(person)s is pinned to group %(group)s, which is not one "
                    "of the working groups: pin them elsewhere or remove the pin."
                )
                % {"person": person.key, "group": person.pinned},
                groups=[person.pinned],
                people=[person.key],
            )
        if person.pinned is not None and person.pinned in person.excluded:
            raise Infeasible(
                "pins",
                _(
                    "Participant %(person)s is pinned to group %(group)s but also excluded "
                    "from it: remove the pin or the exclusion."
                )
                % {"person": person.key, "group": person.pinned},
                groups=[person.pinned],
                people=[person.key],
            )
        if person.pinned is None and known <= person.excluded:
            raise Infeasible(
                "exclusions",
                _(
                    "Participant %(person)s is excluded from every working group: lift at "
                    "least one exclusion."
                )
                % {"person": person.key},
                people=[person.key],
            )
    pinned = Counter(person.pinned for person in people if person.pinned is not None)
    for group in groups:
        if pinned[group.key] > group.maximum:
            raise Infeasible(
                "pins",
                _(
                    "%(pinned)s participants are pinned to group %(group)s, more than its "
                    "maximum of %(maximum)s: unpin some of them or raise the maximum."
                )
                % {"pinned": pinned[group.key], "group": group.key, "maximum": group.maximum},
                groups=[group.key],
                people=[p.key for p in people if p.pinned == group.key],
            )

    allowed = {person.key: frozenset(_allowed(person, group_keys)) for person in people}
    shapes = Counter(allowed.values())
    largest = len(groups) - 1 if len(groups) <= SUBSET_CHECK_MAX_GROUPS else 1
    for size in range(1, largest + 1):
        for subset in itertools.combinations(groups, size):
            keys = frozenset(group.key for group in subset)
            maximum = sum(group.maximum for group in subset)
            if sum(count for where, count in shapes.items() if where <= keys) > maximum:
                confined = [key for key, where in allowed.items() if where <= keys]
                _raise_confined(subset, maximum, confined)
            minimum = sum(group.minimum for group in subset)
            reachable = sum(count for where, count in shapes.items() if where & keys)
            if reachable < minimum:
                _raise_unreachable(subset, minimum, reachable)


def _raise_confined(subset, maximum, confined):
    keys = [group.key for group in subset]
    if len(subset) == 1:
        message = _(
            "Group %(group)s can take at most %(maximum)s people, but %(people)s participants "
            "can go nowhere else (pinned there or excluded from every other group: "
            "%(persons)s): raise its maximum or lift some exclusions."
        )
    else:
        message = _(
            "Groups %(groups)s can take at most %(maximum)s people together, but %(people)s "
            "participants can go only to these groups (%(persons)s): raise their maximums "
            "or lift some exclusions."
        )
    raise Infeasible(
        "maximum",
        message
        % {
            "group": keys[0],
            "groups": _listed(keys),
            "maximum": maximum,
            "people": len(confined),
            "persons": _listed(confined),
        },
        groups=keys,
        people=sorted(confined),
    )


def _raise_unreachable(subset, minimum, reachable):
    keys = [group.key for group in subset]
    if len(subset) == 1:
        message = _(
            "Group %(group)s needs at least %(minimum)s people, but only %(people)s "
            "participants may go to it (the others are excluded from it or pinned "
            "elsewhere): lower its minimum, or lift some exclusions or pins."
        )
    else:
        message = _(
            "Groups %(groups)s need at least %(minimum)s people together, but only "
            "%(people)s participants may go to any of them: lower their minimums, or lift "
            "some exclusions or pins."
        )
    raise Infeasible(
        "minimum",
        message
        % {"group": keys[0], "groups": _listed(keys), "minimum": minimum, "people": reachable},
        groups=keys,
    )


def _raise_from_relaxations(instance, time_limit):
    """Re-solve without one kind of constraint at a time to say which to relax.

    Only reached when the structural checks pass yet HiGHS proves infeasibility (more
    groups than the subset check covers); the order puts group sizes, which the editor
    sets once, before individual decisions about people.
    """
    relaxations = (
        (
            "minimum",
            {"minimums": False},
            _("No assignment reaches every group's minimum size: lower some minimums."),
        ),
        (
            "maximum",
            {"maximums": False},
            _("No assignment keeps every group within its maximum size: raise some maximums."),
        ),
        (
            "exclusions",
            {"exclusions": False},
            _("The exclusions leave no valid assignment: lift some of them."),
        ),
        (
            "pins",
            {"pins": False},
            _("The pins leave no valid assignment: remove some of them."),
        ),
        (
            "exclusions",
            {"pins": False, "exclusions": False},
            _("The pins and exclusions together leave no valid assignment: lift some of them."),
        ),
    )
    for constraint, switches, message in relaxations:
        model = _Model(instance, **switches)
        model.cost[:] = 0  # only feasibility is asked; HiGHS stops at the first assignment
        if model.solve(time_limit).status != 2:
            raise Infeasible(constraint, message)
    raise Infeasible("size", _("No assignment satisfies the group sizes: change them."))
