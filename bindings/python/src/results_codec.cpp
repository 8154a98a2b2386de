// Binary image of PyResults for pickling: little-endian fixed-width fields, a magic string
// and a version, every read bounds-checked.
#include <bit>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "results.hpp"

namespace scrisk::python {
namespace {

static_assert(std::endian::native == std::endian::little, "the pickle image is written little-endian");

constexpr char kMagic[8] = {'S', 'C', 'R', 'S', 'K', 'R', 'E', 'S'};
constexpr std::uint32_t kVersion = 3;

class Writer {
 public:
  std::string out;
  template <typename T>
  void raw(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void u64(std::uint64_t v) { raw(v); }
  void f64(double v) { raw(v); }
  void text(const std::string& s) {
    u64(s.size());
    out += s;
  }
  void sum(const ExactSum& s) {
    const ExactSum n = s.normalized();
    for (std::int64_t digit : n.digits) raw(digit);
    f64(n.special);
  }
  void doubles(const std::vector<double>& v) {
    u64(v.size());
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
  }
  void optional(const std::optional<double>& v) {
    raw(std::uint8_t(v.has_value()));
    f64(v.value_or(0));
  }
  void path(const engine::ProtectionPath& p) {
    u64(p.element_ids.size());
    for (const std::string& id : p.element_ids) text(id);
    f64(p.interruption_probability);
    f64(p.system_effectiveness);
  }
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  template <typename T>
  T raw() {
    T value;
    need(sizeof value);
    std::memcpy(&value, in_.data() + at_, sizeof value);
    at_ += sizeof value;
    return value;
  }
  std::uint64_t u64() { return raw<std::uint64_t>(); }
  double f64() { return raw<double>(); }
  std::uint64_t count(std::size_t element_size) {
    const std::uint64_t n = u64();
    if (element_size > 0 && n > (in_.size() - at_) / element_size) fail();
    return n;
  }
  std::string text() {
    const std::uint64_t n = count(1);
    std::string s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  ExactSum sum() {
    ExactSum s;
    for (std::int64_t& digit : s.digits) digit = raw<std::int64_t>();
    s.special = f64();
    return s;
  }
  std::vector<double> doubles() {
    std::vector<double> v(count(sizeof(double)));
    std::memcpy(v.data(), in_.data() + at_, v.size() * sizeof(double));
    at_ += v.size() * sizeof(double);
    return v;
  }
  std::optional<double> optional() {
    const auto present = raw<std::uint8_t>();
    const double value = f64();
    if (present > 1) fail();
    return present ? std::optional<double>(value) : std::nullopt;
  }
  engine::ProtectionPath path() {
    engine::ProtectionPath p;
    p.element_ids.resize(count(8));
    for (std::string& id : p.element_ids) id = text();
    p.interruption_probability = f64();
    p.system_effectiveness = f64();
    return p;
  }
  bool at_end() const { return at_ == in_.size(); }
  [[noreturn]] static void fail() { throw std::invalid_argument("not a pickled scrisk.Results (corrupt or truncated)"); }

 private:
  void need(std::size_t n) const {
    if (in_.size() - at_ < n) fail();
  }
  const std::string& in_;
  std::size_t at_ = 0;
};

}  // namespace

std::string encode(const PyResults& py) {
  const engine::Results& r = py.results;
  Writer w;
  w.out.append(kMagic, sizeof kMagic);
  w.raw(kVersion);
  w.u64(r.seed);
  w.u64(r.first_trial);
  w.u64(r.trials);
  w.u64(r.model_fingerprint);
  w.text(r.model_name);
  w.text(r.currency);
  w.u64(r.risks.size());
  for (const engine::RiskLabel& risk : r.risks) {
    w.text(risk.threat);
    w.text(risk.target);
    w.raw(std::uint8_t(risk.target_is_link));
  }
  w.u64(r.controls.size());
  for (const engine::ControlLabel& control : r.controls) {
    w.text(control.id);
    w.raw(std::int32_t(control.status));
    w.f64(control.annual_cost);
  }
  w.u64(r.targets.size());
  for (const engine::TargetLabel& t : r.targets) {
    w.text(t.id);
    w.raw(std::uint8_t(t.is_link));
    w.raw(std::int32_t(t.segment));
  }
  w.u64(r.protection.size());
  for (const engine::ProtectionLabel& p : r.protection) {
    w.text(p.facility);
    w.path(p.current);
    w.path(p.residual);
  }
  w.u64(r.network.size());
  for (const engine::NetworkElementLabel& n : r.network) {
    w.text(n.id);
    w.raw(std::uint8_t(n.is_link));
    w.f64(n.time_to_survive_days);
    w.u64(n.loss_curve.size());
    for (const auto& [x, y] : n.loss_curve) {
      w.f64(x);
      w.f64(y);
    }
    w.f64(n.final_slope_per_day);
    w.f64(n.typical_outage_days);
    w.f64(n.typical_outage_loss);
    w.u64(n.cut_off_customers.size());
    for (const std::string& id : n.cut_off_customers) w.text(id);
  }
  for (const auto& losses : r.annual_loss) w.doubles(losses);
  for (const engine::EventCounts& counts : r.total_events) {
    w.u64(counts.events);
    w.u64(counts.years_with_event);
  }
  for (const engine::AnnualLossTally& t : r.annual_loss_tallies) {
    w.sum(t.loss);
    w.sum(t.loss_squared);
    for (const std::uint64_t years : t.slot_years) w.u64(years);
    w.f64(t.lowest_positive);
    w.f64(t.highest);
  }
  w.u64(r.risk_tallies.size());
  for (const engine::StateTally& t : r.risk_tallies) {
    w.sum(t.loss);
    w.sum(t.loss_squared);
    w.u64(t.counts.events);
    w.u64(t.counts.years_with_event);
  }
  w.u64(r.risk_histograms.size());
  w.out.append(reinterpret_cast<const char*>(r.risk_histograms.data()), r.risk_histograms.size() * sizeof(std::uint64_t));
  w.u64(r.control_tallies.size());
  for (const engine::ControlTally& t : r.control_tallies) {
    w.sum(t.reduction);
    w.sum(t.reduction_squared);
  }
  const model::Criteria& k = py.criteria;
  w.doubles(k.likelihood_bands_per_year);
  w.doubles(k.impact_bands);
  w.f64(k.intolerable_ale);
  w.f64(k.broadly_acceptable_ale);
  w.optional(k.total_intolerable_ale);
  w.optional(k.total_broadly_acceptable_ale);
  return std::move(w.out);
}

std::shared_ptr<PyResults> decode(const std::string& bytes) {
  Reader in(bytes);
  for (char c : kMagic)
    if (in.raw<char>() != c) Reader::fail();
  if (in.raw<std::uint32_t>() != kVersion)
    throw std::invalid_argument("pickled scrisk.Results of another format version");
  auto py = std::make_shared<PyResults>();
  engine::Results& r = py->results;
  r.seed = in.u64();
  r.first_trial = in.u64();
  r.trials = in.u64();
  r.model_fingerprint = in.u64();
  r.model_name = in.text();
  r.currency = in.text();
  r.risks.resize(in.count(17));
  for (engine::RiskLabel& risk : r.risks) {
    risk.threat = in.text();
    risk.target = in.text();
    risk.target_is_link = in.raw<std::uint8_t>() != 0;
  }
  r.controls.resize(in.count(20));
  for (engine::ControlLabel& control : r.controls) {
    control.id = in.text();
    const auto status = in.raw<std::int32_t>();
    if (status < 0 || status > 2) Reader::fail();
    control.status = model::ControlStatus(status);
    control.annual_cost = in.f64();
  }
  r.targets.resize(in.count(13));
  for (engine::TargetLabel& t : r.targets) {
    t.id = in.text();
    t.is_link = in.raw<std::uint8_t>() != 0;
    const auto segment = in.raw<std::int32_t>();
    if (segment < 0 || segment > 3) Reader::fail();
    t.segment = model::Segment(segment);
  }
  r.protection.resize(in.count(8));
  for (engine::ProtectionLabel& p : r.protection) {
    p.facility = in.text();
    p.current = in.path();
    p.residual = in.path();
  }
  r.network.resize(in.count(8));
  for (engine::NetworkElementLabel& n : r.network) {
    n.id = in.text();
    n.is_link = in.raw<std::uint8_t>() != 0;
    n.time_to_survive_days = in.f64();
    n.loss_curve.resize(in.count(16));
    for (auto& [x, y] : n.loss_curve) {
      x = in.f64();
      y = in.f64();
    }
    n.final_slope_per_day = in.f64();
    n.typical_outage_days = in.f64();
    n.typical_outage_loss = in.f64();
    n.cut_off_customers.resize(in.count(8));
    for (std::string& id : n.cut_off_customers) id = in.text();
  }
  for (auto& losses : r.annual_loss) {
    losses = in.doubles();
    if (losses.size() != r.trials) Reader::fail();
  }
  for (engine::EventCounts& counts : r.total_events) {
    counts.events = in.u64();
    counts.years_with_event = in.u64();
  }
  for (engine::AnnualLossTally& t : r.annual_loss_tallies) {
    t.loss = in.sum();
    t.loss_squared = in.sum();
    for (std::uint64_t& years : t.slot_years) years = in.u64();
    t.lowest_positive = in.f64();
    t.highest = in.f64();
  }
  r.risk_tallies.resize(in.count(2 * 104 + 16));
  if (r.risk_tallies.size() != r.risks.size() * engine::kStateCount) Reader::fail();
  for (engine::StateTally& t : r.risk_tallies) {
    t.loss = in.sum();
    t.loss_squared = in.sum();
    t.counts.events = in.u64();
    t.counts.years_with_event = in.u64();
  }
  r.risk_histograms.resize(in.count(8));
  if (r.risk_histograms.size() != r.risk_tallies.size() * LogBins::kCount) Reader::fail();
  for (std::uint64_t& bin : r.risk_histograms) bin = in.u64();
  r.control_tallies.resize(in.count(2 * 104));
  if (r.control_tallies.size() != r.controls.size()) Reader::fail();
  for (engine::ControlTally& t : r.control_tallies) {
    t.reduction = in.sum();
    t.reduction_squared = in.sum();
  }
  model::Criteria& k = py->criteria;
  k.likelihood_bands_per_year = in.doubles();
  k.impact_bands = in.doubles();
  k.intolerable_ale = in.f64();
  k.broadly_acceptable_ale = in.f64();
  k.total_intolerable_ale = in.optional();
  k.total_broadly_acceptable_ale = in.optional();
  if (!in.at_end()) Reader::fail();
  return py;
}

bool same_criteria(const model::Criteria& a, const model::Criteria& b) {
  return a.likelihood_bands_per_year == b.likelihood_bands_per_year && a.impact_bands == b.impact_bands &&
         a.intolerable_ale == b.intolerable_ale && a.broadly_acceptable_ale == b.broadly_acceptable_ale &&
         a.total_intolerable_ale == b.total_intolerable_ale &&
         a.total_broadly_acceptable_ale == b.total_broadly_acceptable_ale;
}

}  // namespace scrisk::python
