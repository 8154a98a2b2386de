// The schema seen by reflection (scrisk/io/schema.hpp) and the generic conversion of
// distributions: variant alternative i is the i-th member of Distribution's `kind` oneof,
// struct member j is field j of the kind's message.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "core/members.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/io/model_file.hpp"
#include "scrisk/io/schema.hpp"

namespace {

using scrisk::Distribution;
using scrisk::io::Format;

/// Every member distinct: member j of kind i is 10 i + j + 0.5 (a list holds that one value).
template <std::size_t I>
Distribution numbered_kind() {
  std::variant_alternative_t<I, Distribution> kind{};
  scrisk::detail::for_each_member(kind, kind, [](std::size_t j, auto& member, auto& /*same*/) {
    const double value = 10.0 * double(I) + double(j) + 0.5;
    if constexpr (std::is_same_v<std::decay_t<decltype(member)>, double>)
      member = value;
    else
      member = {value};
  });
  return Distribution(std::in_place_index<I>, kind);
}

template <std::size_t... I>
std::vector<Distribution> every_kind(std::index_sequence<I...> /*unused*/) {
  return {numbered_kind<I>()...};
}

scrisk::model::Model carrying(const Distribution& distribution) {
  scrisk::model::Model model;
  scrisk::model::Threat threat;
  threat.id = "t";
  threat.loss = distribution;
  model.threats.push_back(threat);
  return model;
}

TEST(Schema, EveryDistributionKindIsItsOneofMemberFieldByField) {
  for (const Distribution& distribution : every_kind(std::make_index_sequence<std::variant_size_v<Distribution>>{})) {
    const scrisk::model::Model model = carrying(distribution);
    const std::string text = scrisk::io::serialize(model, Format::kText);
    EXPECT_NE(text.find(std::string(scrisk::kind_name(distribution)) + " {"), std::string::npos) << text;
    const scrisk::model::Model back = scrisk::io::decode(scrisk::io::serialize(model, Format::kBinary));
    ASSERT_TRUE(back.threats.at(0).loss.has_value());
    const Distribution& again = *back.threats[0].loss;
    ASSERT_EQ(again.index(), distribution.index()) << text;
    std::visit(
        [&](const auto& kind) {
          const auto& original = std::get<std::decay_t<decltype(kind)>>(distribution);
          scrisk::detail::for_each_member(kind, original, [&](std::size_t j, const auto& member, const auto& expected) {
            EXPECT_EQ(member, expected) << scrisk::kind_name(distribution) << " member " << j;
          });
        },
        again);
    EXPECT_EQ(scrisk::io::serialize(back, Format::kText), text);
  }
}

TEST(Schema, AnOptionalParameterAtItsDefaultIsNotWritten) {
  const std::string text = scrisk::io::serialize(carrying(scrisk::Pert{1, 2, 3}), Format::kText);
  EXPECT_EQ(text.find("lambda"), std::string::npos) << text;
  EXPECT_NE(scrisk::io::serialize(carrying(scrisk::Pert{1, 2, 3, 6}), Format::kText).find("lambda: 6"), std::string::npos);
}

TEST(Schema, DecodeConvertsWithoutValidating) {
  scrisk::model::Model incomplete;  // no threat: invalid, but a model being built
  incomplete.name = "draft";
  EXPECT_EQ(scrisk::io::decode(scrisk::io::serialize(incomplete, Format::kBinary)).name, "draft");
  EXPECT_THROW((void)scrisk::io::parse(scrisk::io::serialize(incomplete, Format::kBinary), Format::kBinary), scrisk::ModelError);
  EXPECT_THROW((void)scrisk::io::decode("\xff\xfe garbage"), scrisk::ModelError);
}

TEST(Schema, DefaultsAreTheModelStructsMemberInitializers) {
  const auto defaults = scrisk::io::schema_defaults();
  auto has = [&](const std::string& name) {
    for (const auto& entry : defaults)
      if (entry.message == name) return true;
    return false;
  };
  for (const char* name :
       {"scrisk.v1.Model", "scrisk.v1.Threat", "scrisk.v1.TargetRef", "scrisk.v1.Criteria", "scrisk.v1.ProtectionSystem",
        "scrisk.v1.ResponseForce", "scrisk.v1.BomInput", "scrisk.v1.Distribution.Pert", "scrisk.v1.Distribution.Empirical"})
    EXPECT_TRUE(has(name)) << name;
  EXPECT_FALSE(has("scrisk.v1.Distribution"));  // an empty one is no distribution
  EXPECT_FALSE(scrisk::io::schema_descriptor_set().empty());
}

}  // namespace
