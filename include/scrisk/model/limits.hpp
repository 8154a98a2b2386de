// How big a model may be and how large its numbers: bounds that keep the work a model file
// can cause in proportion to its size (a model of a megabyte cannot ask for hours or
// gigabytes) and its numbers inside what the LP solver computes exactly. Validation reports
// each one exceeded as a problem naming the field and the limit (docs/model.md, "Limits").
#pragma once

#include <cstddef>

namespace scrisk::model {

/// Bytes of an id, and of any other text (names, the description, the currency).
inline constexpr std::size_t kMaxIdBytes = 256;
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;

/// Entries of each list of the model (facilities, links, threats, controls, a threat's
/// targets, a control's scopes, an empirical law's values, a protection system's elements,
/// the supply network's lists).
inline constexpr std::size_t kMaxListLength = 100'000;
/// (threat, target) pairs of the whole model: the risks a run keeps tallies for.
inline constexpr std::size_t kMaxRisks = 200'000;
/// Targets of a common-cause threat: its severity correlation matrix is this squared.
inline constexpr std::size_t kMaxCommonCauseTargets = 1'000;

/// Attempts per year a threat may make (its rate's mean, upper end, or 1-in-a-million-year
/// quantile for an unbounded law); a threat whose targets are in the supply network, whose
/// outages a year are priced together, fewer.
inline constexpr double kMaxRatePerYear = 1e6;
inline constexpr double kMaxNetworkRatePerYear = 1e3;
/// The quantile a rate law without an upper end is checked at.
inline constexpr double kRateQuantileChecked = 1 - 1e-6;

/// Supply network: units (per day, or in stock) and currency per unit, at most; an input's
/// quantity per unit made in [kMinQuantityPerUnit, kMaxQuantityPerUnit]. Beyond them the
/// LP's coefficients span more orders of magnitude than its solver resolves.
inline constexpr double kMaxUnits = 1e9;
inline constexpr double kMaxValuePerUnit = 1e9;
inline constexpr double kMinQuantityPerUnit = 1e-6;
inline constexpr double kMaxQuantityPerUnit = 1e6;

}  // namespace scrisk::model
