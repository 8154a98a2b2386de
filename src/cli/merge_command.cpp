// `scrisk merge A B ... --out C`: runs of adjacent trial ranges joined into one results file.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/io/results_file.hpp"

namespace scrisk::cli {

int merge_command(const MergeOptions& options) {
  if (options.out_path.empty() || options.out_path == "-")
    throw UsageError("--out", "merge writes a results file: name it with --out");
  for (const std::string& part : options.parts)
    if (is_same_file(part, options.out_path))
      throw UsageError("--out", "\"" + options.out_path + "\" is one of the parts; it would be overwritten");
  io::AtomicFile out(options.out_path);  // before reading: a bad path fails at once
  std::vector<io::SavedRun> parts;
  for (const std::string& path : options.parts) parts.push_back(io::load_results(path));
  const io::SavedRun merged = io::merge_runs(parts);
  out.write(io::encode_results(merged.model, merged.results));
  out.commit();
  return 0;
}

}  // namespace scrisk::cli
