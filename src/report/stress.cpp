// Renderers of a stress test: JSON (the contract of `scrisk stress`, docs/stress.md) and text.
#include <nlohmann/json.hpp>

#include <cmath>

#include "core/guard.hpp"
#include "report/text_cells.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::report {
namespace {

using json = nlohmann::ordered_json;  // keys in contract order

std::string json_of(const assess::StressTest& test, int indent) {
  json customers = json::array(), episodes = json::array();
  for (const assess::StressCustomer& customer : test.customers)
    customers.push_back(
        {{"facility", customer.facility}, {"lost_sales", customer.lost_sales}, {"lost_units", customer.lost_units}});
  for (const assess::StressEpisode& episode : test.episodes)
    episodes.push_back({{"start_day", episode.start_day},
                        {"end_day", episode.end_day},
                        {"elements", episode.elements},
                        {"lost_sales", episode.lost_sales}});
  const json out = {{"lost_sales", test.lost_sales},
                    {"method", test.method},
                    {"currency", test.currency},
                    {"customers", customers},
                    {"episodes", episodes}};
  return out.dump(indent, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string days(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string text_of(const assess::StressTest& test) {
  using detail::amount;
  using detail::pad;
  const std::string currency = test.currency.empty() ? "" : " " + printable(test.currency);
  std::string out = "Stress test (" + test.method + " prices): lost sales " + amount(test.lost_sales) + currency + "\n";
  out += "\nEpisodes (each starts with full inventories)\n";
  out += pad("start day", 11) + pad("end day", 11) + pad("lost sales", 16) + "  elements out\n";
  for (const assess::StressEpisode& episode : test.episodes) {
    std::string elements;
    for (const std::string& element : episode.elements) elements += (elements.empty() ? "" : ", ") + printable(element);
    out += pad(days(episode.start_day), 11) + pad(days(episode.end_day), 11) + pad(amount(episode.lost_sales), 16) + "  " +
           elements + "\n";
  }
  if (test.customers.empty()) return out + "\nNo customer loses a sale: stock and alternative routes cover every outage.\n";
  out += "\nCustomers that lose sales\n";
  out += pad("facility", 24, true) + pad("lost units", 16) + pad("lost sales", 16) + "\n";
  for (const assess::StressCustomer& customer : test.customers)
    out += pad(printable(customer.facility), 24, true) + pad(amount(customer.lost_units), 16) +
           pad(amount(customer.lost_sales), 16) + "\n";
  return out;
}

}  // namespace

std::string to_json(const assess::StressTest& test, int indent) {
  return scrisk::detail::guarded("to_json", [&] { return json_of(test, indent); });
}

std::string to_text(const assess::StressTest& test) {
  return scrisk::detail::guarded("to_text", [&] { return text_of(test); });
}

}  // namespace scrisk::report
