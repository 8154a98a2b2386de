#include "scrisk/io/outage_file.hpp"

#include <algorithm>
#include <utility>

#include "core/format.hpp"
#include "core/guard.hpp"
#include "io/message_bounds.hpp"
#include "io/message_reader.hpp"
#include "scrisk/v1/stress.pb.h"

namespace scrisk::io {
namespace {

std::vector<model::Outage> parse_content(std::string_view content, Format format, const model::Model& model,
                                         const std::string& source) {
  if (content.size() > kMaxOutageFileBytes)
    throw ModelError({{"", "the stress scenario is larger than " + std::to_string(kMaxOutageFileBytes >> 20) + " MiB"}}, source);
  v1::Outages message;
  const detail::FieldLocations locations = detail::read_message(content, format, source, "stress scenario", message);
  std::vector<Problem> problems = detail::find_bound_problems(message);
  std::vector<model::Outage> outages;
  if (problems.empty()) {
    for (int i = 0; i < message.outages_size(); ++i) {
      const v1::Outage& outage = message.outages(i);
      if (!outage.has_duration_days())
        problems.push_back(
            {scrisk::detail::indexed("outages", std::size_t(i)) + ".duration_days", "missing: how many days the element is out"});
      outages.push_back({outage.element(), outage.start_day(), outage.duration_days()});
    }
    for (Problem& problem : model::find_problems(model, outages)) problems.push_back(std::move(problem));
  }
  for (Problem& problem : problems) locations.locate(problem);
  // In the order they were written (a missing duration is found before the rest).
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return std::pair(a.line, a.column) < std::pair(b.line, b.column); });
  if (!problems.empty()) throw ModelError(std::move(problems), source);
  return outages;
}

}  // namespace

std::vector<model::Outage> parse_outages(std::string_view content, Format format, const model::Model& model,
                                         const std::string& source) {
  return scrisk::detail::guarded("parse_outages", [&] { return parse_content(content, format, model, source); });
}

std::vector<model::Outage> load_outages(const std::filesystem::path& path, const model::Model& model) {
  return scrisk::detail::guarded("load_outages", [&] {
    const std::string content = detail::read_bounded(path, kMaxOutageFileBytes, "stress scenario");
    return parse_content(content, format_of(path), model, path.string());
  });
}

}  // namespace scrisk::io
