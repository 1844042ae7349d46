"""Arithmetic with one deliberate bug, so the example shows a failure."""


def add(a, b):
    return a + b


def mean(values):
    if not values:
        raise ValueError("mean of an empty list")
    return sum(values) / len(values)


def percent(part, whole):
    # the bug: integer division loses the fraction
    return part * 100 // whole
