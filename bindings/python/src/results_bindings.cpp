// scrisk._core: Results (numpy views of the per-year losses, the assessment, reports, pickle)
// and merge.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "common.hpp"
#include "results.hpp"
#include "scrisk/io/model_file.hpp"
#include "scrisk/io/results_file.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::python {

const assess::Assessment& PyResults::assessment() const {
  std::call_once(once_, [this] { assessment_ = plan ? assess::evaluate(*plan, results) : assess::evaluate(*model, results); });
  return *assessment_;
}

namespace {

using ResultsPtr = std::shared_ptr<PyResults>;

/// The assessment, computed without holding the GIL (evaluate sorts every year's losses).
const assess::Assessment& assessment_of(const PyResults& r) {
  py::gil_scoped_release release;
  return r.assessment();
}

engine::State state_of(py::handle state) {
  if (py::isinstance<engine::State>(state)) return state.cast<engine::State>();
  if (PyUnicode_Check(state.ptr())) {
    const std::string name = state.cast<std::string>();
    for (engine::State s : engine::kStates)
      if (name == engine::to_string(s)) return s;
    throw UsageError("state", "must be \"inherent\", \"current\" or \"residual\", got \"" + name + "\"");
  }
  throw py::type_error("state must be a scrisk.State or one of \"inherent\", \"current\", \"residual\"");
}

/// A read-only numpy view of one state's per-year losses; `owner` (the Python Results)
/// stays alive as long as the array does.
py::array_t<double> annual_loss_view(const ResultsPtr& r, engine::State state) {
  const std::vector<double>& losses = r->results.annual_loss[int(state)];
  py::array_t<double> array({py::ssize_t(losses.size())}, {py::ssize_t(sizeof(double))}, losses.data(), py::cast(r));
  py::detail::array_proxy(array.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return array;
}

py::dict named_values(const auto& names, const auto& values) {
  py::dict d;
  for (std::size_t i = 0; i < values.size(); ++i) d[py::str(names[i])] = values[i];
  return d;
}

py::array_t<double> pairs_array(const std::vector<std::pair<double, double>>& pairs) {
  py::array_t<double> a({py::ssize_t(pairs.size()), py::ssize_t(2)});
  auto view = a.mutable_unchecked<2>();
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    view(py::ssize_t(i), 0) = pairs[i].first;
    view(py::ssize_t(i), 1) = pairs[i].second;
  }
  return a;
}

bool same_model(const model::Model& a, const model::Model& b) {
  return &a == &b || io::serialize(a, io::Format::kBinary) == io::serialize(b, io::Format::kBinary);
}

ResultsPtr from_saved(io::SavedRun saved) {
  auto results = std::make_shared<PyResults>();
  results->results = std::move(saved.results);
  results->model = std::make_shared<const model::Model>(std::move(saved.model));
  return results;
}

ResultsPtr results_from_bytes(const py::bytes& data) {
  const std::string bytes = data;
  return from_saved(io::decode_results(bytes, "<pickled scrisk.Results>"));
}

template <typename T>
py::dict by_state(const std::array<T, engine::kStateCount>& values) {
  py::dict d;
  for (engine::State s : engine::kStates) d[engine::to_string(s)] = values[int(s)];
  return d;
}

void bind_states(py::module_& m) {
  py::enum_<engine::State>(m, "State", "The three control states of ISO 28000 4.3.1, on common random numbers.")
      .value("INHERENT", engine::State::kInherent, "no controls")
      .value("CURRENT", engine::State::kCurrent, "existing controls")
      .value("RESIDUAL", engine::State::kResidual, "existing and proposed controls");
  py::enum_<assess::Tolerability>(m, "Tolerability", "Tolerability of an ALE against the model's criteria.")
      .value("ACCEPTABLE", assess::Tolerability::kAcceptable)
      .value("ALARP", assess::Tolerability::kAlarp)
      .value("INTOLERABLE", assess::Tolerability::kIntolerable);
}

void bind_summaries(py::module_& m) {
  py::class_<assess::MatrixLevel>(m, "MatrixLevel", "Cell of the 5x5 risk matrix: likelihood band x impact band, each 1..5.")
      .def_readonly("likelihood", &assess::MatrixLevel::likelihood)
      .def_readonly("impact", &assess::MatrixLevel::impact)
      .def_property_readonly("score", &assess::MatrixLevel::score)
      .def("__repr__", [](const assess::MatrixLevel& l) {
        return "MatrixLevel(likelihood=" + std::to_string(l.likelihood) + ", impact=" + std::to_string(l.impact) + ")";
      });

  py::class_<assess::StateAssessment>(m, "StateSummary",
                                      "The annual loss of a risk (or of the total) in one control state: the JSON "
                                      "results contract's state object plus its level and tolerability.")
      .def_property_readonly(
          "ale", [](const assess::StateAssessment& s) { return s.loss.ale; }, "annual loss expectancy")
      .def_property_readonly(
          "ale_stderr", [](const assess::StateAssessment& s) { return s.loss.ale_stderr; },
          "Monte Carlo standard error of the ALE")
      .def_property_readonly(
          "sd", [](const assess::StateAssessment& s) { return s.loss.sd; }, "sd of the annual loss")
      .def_property_readonly("events_per_year", [](const assess::StateAssessment& s) { return s.loss.events_per_year; })
      .def_property_readonly(
          "prob_any", [](const assess::StateAssessment& s) { return s.loss.prob_any; },
          "fraction of years with at least one successful event")
      .def_property_readonly(
          "quantiles", [](const assess::StateAssessment& s) { return named_values(assess::kQuantileNames, s.loss.quantiles); },
          "dict {'p50', 'p90', 'p95', 'p99', 'p99.9'} -> annual loss (VaR)")
      .def_property_readonly(
          "tvar", [](const assess::StateAssessment& s) { return named_values(assess::kTvarNames, s.loss.tvar); },
          "dict {'p95', 'p99'} -> tail value at risk")
      .def_property_readonly(
          "lec", [](const assess::StateAssessment& s) { return pairs_array(s.loss.lec); },
          "loss exceedance curve: float64 array of shape (n, 2), columns [loss, P(annual loss > loss)]")
      .def_property_readonly("quantile_method",
                             [](const assess::StateAssessment& s) { return s.loss.exact_quantiles ? "exact" : "histogram"; })
      .def_readonly("level", &assess::StateAssessment::level)
      .def_readonly("tolerability", &assess::StateAssessment::tolerability)
      .def("__repr__", [](const assess::StateAssessment& s) {
        return "StateSummary(ale=" + std::string(py::repr(py::float_(s.loss.ale))) +
               ", tolerability=" + assess::to_string(s.tolerability) + ")";
      });

  py::class_<assess::RiskAssessment>(m, "RiskSummary",
                                     "One risk (threat, target), or the total (threat and target empty), in the three "
                                     "control states; risk[scrisk.State.CURRENT] or risk['current'] also work.")
      .def_readonly("threat", &assess::RiskAssessment::threat)
      .def_readonly("target", &assess::RiskAssessment::target)
      .def_property_readonly("inherent", [](const assess::RiskAssessment& r) { return r[engine::State::kInherent]; })
      .def_property_readonly("current", [](const assess::RiskAssessment& r) { return r[engine::State::kCurrent]; })
      .def_property_readonly("residual", [](const assess::RiskAssessment& r) { return r[engine::State::kResidual]; })
      .def("__getitem__", [](const assess::RiskAssessment& r, const py::object& state) { return r[state_of(state)]; })
      .def("__repr__", [](const assess::RiskAssessment& r) {
        return r.threat.empty() ? std::string("RiskSummary(total)") : "RiskSummary(" + r.threat + " -> " + r.target + ")";
      });

  py::class_<assess::ControlValue>(m, "ControlValue",
                                   "What a control is worth: ALE removed on common random numbers, cost, ROSI.")
      .def_readonly("id", &assess::ControlValue::id)
      .def_readonly("status", &assess::ControlValue::status)
      .def_readonly("ale_reduction", &assess::ControlValue::ale_reduction)
      .def_readonly("ale_reduction_stderr", &assess::ControlValue::ale_reduction_stderr)
      .def_readonly("annual_cost", &assess::ControlValue::annual_cost)
      .def_readonly("rosi", &assess::ControlValue::rosi, "(ale_reduction - annual_cost) / annual_cost; None when free")
      .def("__repr__", [](const assess::ControlValue& c) {
        return "ControlValue(" + c.id + ", ale_reduction=" + std::string(py::repr(py::float_(c.ale_reduction))) + ")";
      });
}

void bind_chain_summaries(py::module_& m) {
  py::class_<assess::ProtectionPath>(m, "ProtectionPath", "The most vulnerable adversary path of a protection system.")
      .def_readonly("path", &assess::ProtectionPath::element_ids, "element ids crossed, off-site to target")
      .def_readonly("interruption_probability", &assess::ProtectionPath::interruption_probability, "P_I (EASI)")
      .def_readonly("system_effectiveness", &assess::ProtectionPath::system_effectiveness, "P_E = P_I x P_N");
  py::class_<assess::FacilityProtection>(m, "ProtectionResult", "A facility's protection: current and residual (upgraded).")
      .def_readonly("facility", &assess::FacilityProtection::facility)
      .def_readonly("current", &assess::FacilityProtection::current)
      .def_readonly("residual", &assess::FacilityProtection::residual);

  py::class_<assess::NetworkElement>(m, "NetworkElement",
                                     "A facility or link of the supply network: what an outage of it alone costs "
                                     "in lost sales (docs/network.md).")
      .def_readonly("id", &assess::NetworkElement::id)
      .def_readonly("is_link", &assess::NetworkElement::is_link)
      .def_readonly("time_to_survive_days", &assess::NetworkElement::time_to_survive_days)
      .def_property_readonly(
          "loss_curve", [](const assess::NetworkElement& n) { return pairs_array(n.loss_curve); },
          "breakpoints of L(t): float64 array of shape (n, 2), columns [days, lost-sales value]")
      .def_readonly("final_slope_per_day", &assess::NetworkElement::final_slope_per_day)
      .def_readonly("typical_outage_days", &assess::NetworkElement::typical_outage_days)
      .def_readonly("typical_outage_loss", &assess::NetworkElement::typical_outage_loss)
      .def_readonly("cut_off_customers", &assess::NetworkElement::cut_off_customers);

  py::class_<assess::TargetAssessment>(m, "TargetSummary",
                                       "A facility's or link's part in the risk: ALE of the risks striking it, its "
                                       "share of the total and its criticality rank, per state (dicts keyed by "
                                       "'inherent', 'current', 'residual').")
      .def_readonly("id", &assess::TargetAssessment::id)
      .def_readonly("is_link", &assess::TargetAssessment::is_link)
      .def_readonly("segment", &assess::TargetAssessment::segment)
      .def_property_readonly("ale", [](const assess::TargetAssessment& t) { return by_state(t.ale); })
      .def_property_readonly("ale_share", [](const assess::TargetAssessment& t) { return by_state(t.ale_share); })
      .def_property_readonly("criticality_rank", [](const assess::TargetAssessment& t) { return by_state(t.criticality_rank); })
      .def_readonly("network", &assess::TargetAssessment::network, "NetworkElement, or None outside the supply network")
      .def("__repr__", [](const assess::TargetAssessment& t) { return "TargetSummary(" + t.id + ")"; });

  py::class_<assess::SegmentAssessment>(m, "SegmentSummary", "ISO 28000 3.9: the ALE of one segment of the chain, per state.")
      .def_readonly("segment", &assess::SegmentAssessment::segment)
      .def_property_readonly("ale", [](const assess::SegmentAssessment& t) { return by_state(t.ale); })
      .def_property_readonly("ale_share", [](const assess::SegmentAssessment& t) { return by_state(t.ale_share); });
}

using ResultsClass = py::class_<PyResults, ResultsPtr>;

ResultsClass bind_results_class(py::module_& m) {
  return ResultsClass(m, "Results", R"doc(Results of scrisk.run over trials [first_trial, first_trial + trials).

Figures (the same bits as the CLI's JSON for the same model, trials and seed):
  total        RiskSummary of the whole supply chain
  risks        list of RiskSummary, one per (threat, target) in model order
  controls     list of ControlValue, one per control in model order
  protection   list of ProtectionResult, one per facility with a protection system
  targets      list of TargetSummary (every facility, then every link); segments
Per simulated year:
  annual_loss(state) -> read-only float64 numpy array of shape (trials,), no copy
  annual_losses      -> dict {'inherent', 'current', 'residual'} of those arrays
Tables (pandas): risks_frame(), controls_frame(). Reports: to_json(), to_text(), to_csv().
Results pickle, compare with ==, and merge (scrisk.merge) across trial ranges.)doc");
}

void add_run_and_model(ResultsClass& results) {
  results.def_property_readonly("trials", [](const ResultsPtr& r) { return r->results.trials; })
      .def_property_readonly("first_trial", [](const ResultsPtr& r) { return r->results.first_trial; })
      .def_property_readonly("seed", [](const ResultsPtr& r) { return r->results.seed; })
      .def_property_readonly("model_name", [](const ResultsPtr& r) { return r->model->name; })
      .def_property_readonly("currency", [](const ResultsPtr& r) { return r->model->currency; })
      .def_property_readonly(
          "criteria", [](const ResultsPtr& r) { return model_part_to_python(*r->model, "criteria"); },
          "the model's Criteria the figures are judged against (a copy)")
      .def_property_readonly(
          "model", [](const ResultsPtr& r) { return model_to_python(*r->model); }, "the scrisk.Model that was run (a copy)");
}

void add_figures(ResultsClass& results) {
  results
      .def_property_readonly(
          "total", [](const ResultsPtr& r) { return assessment_of(*r).total; },
          "RiskSummary of the whole supply chain (threat and target empty)")
      .def_property_readonly(
          "risks", [](const ResultsPtr& r) { return assessment_of(*r).risks; },
          "list of RiskSummary, one per (threat, target) in model order")
      .def_property_readonly(
          "controls", [](const ResultsPtr& r) { return assessment_of(*r).controls; },
          "list of ControlValue, one per control in model order")
      .def_property_readonly(
          "protection", [](const ResultsPtr& r) { return assessment_of(*r).protection; },
          "list of ProtectionResult, one per facility with a protection system")
      .def_property_readonly(
          "targets", [](const ResultsPtr& r) { return assessment_of(*r).targets; },
          "list of TargetSummary: every facility, then every link, in model order")
      .def_property_readonly(
          "segments", [](const ResultsPtr& r) { return assessment_of(*r).segments; },
          "list of SegmentSummary: UPSTREAM, OWN, DOWNSTREAM (then UNSPECIFIED if used)")
      .def(
          "annual_loss", [](const ResultsPtr& r, const py::object& state) { return annual_loss_view(r, state_of(state)); },
          py::arg("state"),
          "Total loss of every simulated year in `state` ('inherent', 'current', 'residual' or a scrisk.State): "
          "a read-only float64 array of shape (trials,) viewing the results' memory (no copy).")
      .def_property_readonly(
          "annual_losses",
          [](const ResultsPtr& r) {
            py::dict d;
            for (engine::State s : engine::kStates) d[engine::to_string(s)] = annual_loss_view(r, s);
            return d;
          },
          "dict {'inherent', 'current', 'residual'} -> annual_loss(state)");
}

void add_reports(ResultsClass& results) {
  results
      .def(
          "to_json", [](const ResultsPtr& r, int indent) { return report::to_json(assessment_of(*r), indent); },
          py::arg("indent") = 2, "The JSON results contract (docs/cli.md), as `scrisk run --format json` writes it.")
      .def(
          "to_text", [](const ResultsPtr& r, std::size_t top_risks) { return report::to_text(assessment_of(*r), {top_risks}); },
          py::arg("top_risks") = 10, "The readable summary `scrisk run` prints.")
      .def(
          "to_csv", [](const ResultsPtr& r) { return report::to_csv(assessment_of(*r)); },
          "One row per (risk, state) plus the total's rows, as `scrisk run --format csv`.");
}

void add_identity_and_files(ResultsClass& results) {
  results
      .def("__eq__",
           [](const ResultsPtr& a, const py::object& other) -> py::object {
             if (!py::isinstance<PyResults>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             const auto b = other.cast<ResultsPtr>();
             return py::bool_(a->results == b->results && same_model(*a->model, *b->model));
           })
      .def("__repr__",
           [](const ResultsPtr& r) {
             return "<scrisk.Results " + r->model->name + ": trials " + std::to_string(r->results.first_trial) + ".." +
                    std::to_string(r->results.first_trial + r->results.trials) + ", seed " + std::to_string(r->results.seed) +
                    ">";
           })
      .def(
          "save",
          [](const ResultsPtr& r, const py::object& path) {
            const std::string file = py::str(py::module_::import("os").attr("fspath")(path));
            py::gil_scoped_release release;
            io::save_results(file, *r->model, r->results);
          },
          py::arg("path"), "Writes the results file (`scrisk run --save`), whole or not at all.")
      .def(
          "to_bytes", [](const ResultsPtr& r) { return py::bytes(io::encode_results(*r->model, r->results)); },
          "The results file's bytes (what save writes and pickle carries).")
      // Pickle: protocol 2 and above rebuild from the results file's bytes; protocols 0 and 1
      // cannot carry the object and would abort inside pybind11's default.
      .def("__reduce_ex__", [](const ResultsPtr& r, int protocol) {
        if (protocol < 2)
          throw py::type_error("scrisk.Results needs pickle protocol 2 or higher, got " + std::to_string(protocol));
        return py::make_tuple(py::module_::import("scrisk").attr("_results_from_bytes"),
                              py::make_tuple(py::bytes(io::encode_results(*r->model, r->results))));
      });
  results.attr("__hash__") = py::none();
}

void bind_results_functions(py::module_& m) {
  m.def("_results_from_bytes", &results_from_bytes, py::arg("data"));
  m.def(
      "load_results", [](const std::string& path) { return from_saved(io::load_results(path)); }, py::arg("path"),
      "Reads a results file (`scrisk run --save`, `scrisk merge`). Raises scrisk.IoError for anything else.");
  m.def(
      "merge",
      [](const std::vector<ResultsPtr>& parts) {
        std::vector<io::SavedRun> saved;
        for (const ResultsPtr& part : parts) {
          if (!part) throw py::type_error("merge: None is not a scrisk.Results");
          saved.push_back({*part->model, part->results});
        }
        py::gil_scoped_release release;
        return from_saved(io::merge_runs(saved));
      },
      py::arg("parts"),
      "Joins results of the same model and seed over adjacent trial ranges (any order) into the results of the "
      "whole range, the same bits as one run over it. Raises scrisk.ResultsMismatch when they do not fit together.");
}

}  // namespace

void bind_results(py::module_& m) {
  bind_states(m);
  bind_summaries(m);
  bind_chain_summaries(m);
  ResultsClass results = bind_results_class(m);
  add_run_and_model(results);
  add_figures(results);
  add_reports(results);
  add_identity_and_files(results);
  bind_results_functions(m);
}

}  // namespace scrisk::python
