// Everything a C++ application needs: load a model, run it, assess and report the results.
#pragma once

#include "scrisk/analysis/connectivity_reliability.hpp"
#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/analysis/protection_analysis.hpp"
#include "scrisk/assess/assessment.hpp"
#include "scrisk/core/distribution.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/engine/engine.hpp"
#include "scrisk/engine/results.hpp"
#include "scrisk/io/model_file.hpp"
#include "scrisk/model/model.hpp"
#include "scrisk/model/protection.hpp"
#include "scrisk/model/supply_network.hpp"
#include "scrisk/model/validate.hpp"
#include "scrisk/report/report.hpp"
#include "scrisk/version.hpp"
