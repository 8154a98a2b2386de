#include "engine/chunk_kernel.hpp"

#include <algorithm>

#include "scrisk/core/error.hpp"

namespace scrisk::engine::detail {

ChunkKernel::ChunkKernel(const PlanData& plan, const analysis::JointCurves* joint)
    : generator_(plan), pricer_(joint), rows_(plan.control_count), accumulator_(plan) {}

void ChunkKernel::simulate_chunk(const PlanData& plan, std::uint64_t seed, std::uint64_t first_year, std::size_t years,
                                 const AnnualLoss& annual_loss, const std::atomic<bool>* cancelled) {
  const Chunk chunk{seed, first_year, years, plan.isa};
  if (plan.network && !pricer_.prices_network())
    throw InternalError("a kernel built to draw only was asked to price a supply network");
  for (double* total : annual_loss) std::fill_n(total, years, 0.0);
  auto check = [cancelled] {
    if (cancelled != nullptr && cancelled->load(std::memory_order_relaxed)) throw Cancelled();
  };
  generator_.for_each_batch(plan, chunk, [&](const ThreatPlan& threat, ThreatEvents& events) {
    check();
    pricer_.price(plan, threat, events, chunk.isa, rows_);
    // (c) Tallies of the threat's risks (complete: a risk belongs to one threat), which
    //     also add the risks' annual losses to the years' totals; (b) holds back those
    //     whose outages the supply network prices, until every threat has drawn.
    for (std::uint32_t r = 0; r < threat.risk_count; ++r) {
      const std::uint32_t risk = threat.first_risk + r;
      const std::size_t begin = events.risk_begin[r], end = events.risk_begin[r + 1];
      if (plan.risks[risk].network_element != kNotInNetwork)
        pricer_.hold(events, begin, end, risk, threat.stream_id, chunk);
      else
        accumulator_.tally_risk(risk, events, begin, end, years, chunk.isa, annual_loss);
    }
  });
  check();
  const ThreatEvents& priced = pricer_.price_held(plan, rows_, cancelled);
  for (const RiskRange& range : pricer_.ranges())
    accumulator_.tally_risk(range.risk, priced, range.begin, range.end, years, chunk.isa, annual_loss);
  accumulator_.end_chunk(years, chunk.isa, rows_, annual_loss);
}

double ChunkKernel::draw_chunk(const PlanData& plan, std::uint64_t seed, std::uint64_t first_year, std::size_t years) {
  const Chunk chunk{seed, first_year, years, plan.isa};
  double sink = 0;
  generator_.for_each_batch(plan, chunk, [&](const ThreatPlan& threat, const ThreatEvents& events) {
    for (std::size_t i = 0; i < events.risk_begin[threat.risk_count]; ++i) sink += events.loss[i] + events.downtime_days[i];
  });
  return sink;
}

}  // namespace scrisk::engine::detail
