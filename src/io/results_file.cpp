#include "scrisk/io/results_file.hpp"

#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/guard.hpp"
#include "io/binary_codec.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/io/atomic_file.hpp"
#include "scrisk/io/model_file.hpp"

namespace scrisk::io {
namespace {

constexpr char kMagic[8] = {'S', 'C', 'R', 'S', 'K', 'R', 'E', 'S'};
/// 4: the model inside, no labels, sparse histograms, pass-1 tallies recomputed on reading.
constexpr std::uint32_t kVersion = 4;

using Writer = detail::BinaryWriter;

void write_sum(Writer& w, const ExactSum& sum) {
  const ExactSum n = sum.normalized();
  for (std::int64_t digit : n.digits) w.raw(digit);
  w.f64(n.special);
}

void write_tallies(Writer& w, const engine::Results& r) {
  for (const auto& losses : r.annual_loss) w.array(losses);
  for (const engine::EventCounts& counts : r.total_events) {
    w.u64(counts.events);
    w.u64(counts.years_with_event);
  }
  w.u64(r.risk_tallies.size());
  for (const engine::StateTally& t : r.risk_tallies) {
    write_sum(w, t.loss);
    write_sum(w, t.loss_squared);
    w.u64(t.counts.events);
    w.u64(t.counts.years_with_event);
  }
  // Histograms are mostly empty bins: per (risk, state), its non-empty bins as (bin, years).
  for (std::size_t slot = 0; slot < r.risk_tallies.size(); ++slot) {
    const std::uint64_t* bins = r.histogram(slot / engine::kStateCount, engine::State(slot % engine::kStateCount));
    std::uint16_t used = 0;
    for (int bin = 0; bin < LogBins::kCount; ++bin) used += bins[bin] != 0;
    w.raw(used);
    for (int bin = 0; bin < LogBins::kCount; ++bin)
      if (bins[bin] != 0) {
        w.raw(std::uint16_t(bin));
        w.u64(bins[bin]);
      }
  }
  w.u64(r.control_tallies.size());
  for (const engine::ControlTally& t : r.control_tallies) {
    write_sum(w, t.reduction);
    write_sum(w, t.reduction_squared);
  }
}

/// Reads and checks what a run could have written, naming the first field that is not.
class ResultsReader {
 public:
  ResultsReader(std::string_view bytes, const std::string& source)
      : source_(source), in_(bytes, [this](const char* what) { fail(what); }) {}

  SavedRun read() {
    header();
    SavedRun run;
    run.model = embedded_model();
    engine::Results& r = run.results;
    r.seed = in_.u64("seed");
    r.first_trial = in_.u64("first_trial");
    r.trials = in_.u64("trials");
    r.model_fingerprint = in_.u64("model_fingerprint");
    if (r.trials == 0 || r.first_trial > UINT64_MAX - r.trials) fail("trials");
    annual_losses(r);
    events(r);
    risk_tallies(r);
    control_tallies(r);
    if (!in_.at_end()) fail("the end of the file (bytes follow it)");
    check_shape(run);
    return run;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw IoError(source_, "not a scrisk results file, or a corrupt or truncated one (bad " + what + " at byte " +
                               std::to_string(in_.offset()) + ")");
  }

  /// The tallies are the model's: one per (threat, target) pair and per control.
  void check_shape(const SavedRun& run) const {
    std::size_t risks = 0;
    for (const model::Threat& threat : run.model.threats) risks += threat.targets.size();
    if (run.results.risk_count() != risks || run.results.control_count() != run.model.controls.size())
      throw IoError(source_, "not a scrisk results file, or a corrupt one: its tallies are not its model's (" +
                                 std::to_string(run.results.risk_count()) + " risks, the model has " + std::to_string(risks) +
                                 ")");
  }

  void header() {
    for (char c : kMagic)
      if (in_.raw<char>("header") != c) fail("header");
    const auto version = in_.raw<std::uint32_t>("version");
    if (version == 0 || version > kVersion + 100) fail("version");  // no scrisk wrote that
    if (version != kVersion)
      throw IoError(source_, "a results file of format version " + std::to_string(version) + "; this scrisk reads version " +
                                 std::to_string(kVersion) + " (run the model again)");
  }

  model::Model embedded_model() {
    const std::string_view bytes = in_.bytes("model");
    try {
      return parse(bytes, Format::kBinary, source_ + " (its model)");
    } catch (const ModelError& error) {
      throw IoError(source_, std::string("the model inside does not load: ") + error.what());
    }
  }

  ExactSum sum(const char* what) {
    ExactSum s;
    for (std::int64_t& digit : s.digits) digit = in_.raw<std::int64_t>(what);
    s.special = in_.f64(what);
    // The writer normalizes: every digit but the top one in [0, 2^32), and nothing a merge
    // could overflow; `special` is the sum of non-finite addends or 0.
    for (int i = 0; i + 1 < ExactSum::kDigits; ++i)
      if (s.digits[std::size_t(i)] < 0 || s.digits[std::size_t(i)] >> ExactSum::kDigitBits != 0) fail(what);
    if (std::abs(s.digits.back()) >= std::int64_t{1} << 40) fail(what);
    if (s.special != 0 && std::isfinite(s.special)) fail(what);
    return s;
  }

  engine::EventCounts counts(std::uint64_t trials, const char* what) {
    engine::EventCounts c;
    c.events = in_.u64(what);
    c.years_with_event = in_.u64(what);
    if (c.years_with_event > trials || c.events < c.years_with_event) fail(what);
    return c;
  }

  void annual_losses(engine::Results& r) {
    for (std::size_t s = 0; s < engine::kStateCount; ++s) {
      r.annual_loss[s] = in_.array<double>("annual losses");
      if (r.annual_loss[s].size() != r.trials) fail("annual losses");
      for (const double loss : r.annual_loss[s])
        if (!(loss >= 0)) fail("annual losses");
      // Pass 1 of the totals' statistics follows from the losses: recomputed, not trusted.
      r.annual_loss_tallies[s].add_years(r.annual_loss[s].data(), r.annual_loss[s].size());
    }
  }

  void events(engine::Results& r) {
    for (engine::EventCounts& c : r.total_events) c = counts(r.trials, "event counts");
  }

  void risk_tallies(engine::Results& r) {
    r.risk_tallies.resize(in_.count(2 * 104 + 16, "risk tallies"));
    if (r.risk_tallies.size() % engine::kStateCount != 0) fail("risk tallies");
    for (engine::StateTally& t : r.risk_tallies) {
      t.loss = sum("risk tallies");
      t.loss_squared = sum("risk tallies");
      t.counts = counts(r.trials, "risk event counts");
    }
    r.risk_histograms.assign(r.risk_count(), {});
    for (std::size_t slot = 0; slot < r.risk_tallies.size(); ++slot) {
      const auto used = in_.raw<std::uint16_t>("risk histograms");
      if (used > LogBins::kCount) fail("risk histograms");
      // Bins in increasing order; a year in a bin had a positive loss, hence an event: no
      // more years than the risk's years with an event.
      int previous = -1;
      std::uint64_t years = 0;
      for (int k = 0; k < used; ++k) {
        const int bin = in_.raw<std::uint16_t>("risk histograms");
        const std::uint64_t count = in_.u64("risk histograms");
        if (bin <= previous || bin >= LogBins::kCount || count == 0 || count > r.trials - years) fail("risk histograms");
        r.mutable_histogram(slot / engine::kStateCount, engine::State(slot % engine::kStateCount))[bin] = count;
        years += count;
        previous = bin;
      }
      if (years > r.risk_tallies[slot].counts.years_with_event) fail("risk histograms");
    }
  }

  void control_tallies(engine::Results& r) {
    r.control_tallies.resize(in_.count(2 * 104, "control tallies"));
    for (engine::ControlTally& t : r.control_tallies) {
      t.reduction = sum("control tallies");
      t.reduction_squared = sum("control tallies");
    }
  }

  std::string source_;
  detail::BinaryReader<std::function<void(const char*)>> in_;
};

SavedRun read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path.string(), "is a directory, not a results file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path.string(), std::filesystem::exists(path, ec) ? "cannot read the file" : "no such file");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw IoError(path.string(), "read error");
  return decode_results(content.view(), path.string());
}

SavedRun merge_parts(const std::vector<SavedRun>& parts) {
  if (parts.empty()) throw UsageError("parts", "no results to merge");
  const std::string model = serialize(parts.front().model, Format::kBinary);
  std::vector<engine::Results> results;
  for (const SavedRun& part : parts) {
    if (serialize(part.model, Format::kBinary) != model)
      throw ResultsMismatch("merge: the parts were run on different models (or versions of one: names, criteria)");
    results.push_back(part.results);
  }
  return {parts.front().model, engine::merge(results)};
}

}  // namespace

std::string encode_results(const model::Model& model, const engine::Results& results) {
  return scrisk::detail::guarded("encode_results", [&] {
    Writer w;
    for (char c : kMagic) w.raw(c);
    w.raw(kVersion);
    w.bytes(serialize(model, Format::kBinary));
    w.u64(results.seed);
    w.u64(results.first_trial);
    w.u64(results.trials);
    w.u64(results.model_fingerprint);
    write_tallies(w, results);
    return w.take();
  });
}

SavedRun decode_results(std::string_view bytes, const std::string& source) {
  return scrisk::detail::guarded("decode_results", [&] { return ResultsReader(bytes, source).read(); });
}

void save_results(const std::filesystem::path& path, const model::Model& model, const engine::Results& results) {
  write_file_atomically(path, encode_results(model, results));
}

SavedRun load_results(const std::filesystem::path& path) {
  return scrisk::detail::guarded("load_results", [&] { return read_file(path); });
}

SavedRun merge_runs(const std::vector<SavedRun>& parts) {
  return scrisk::detail::guarded("merge", [&] { return merge_parts(parts); });
}

}  // namespace scrisk::io
