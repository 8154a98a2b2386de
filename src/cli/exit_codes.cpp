#include "cli/exit_codes.hpp"

#include <iostream>

#include "scrisk/core/error.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::cli {

int report_failure(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const ModelError& error) {
    std::cerr << report::problems_to_text(error);
    return kBadInput;
  } catch (const UsageError& error) {
    std::cerr << "error: " << report::printable(error.what()) << '\n';
    return kBadInput;
  } catch (const ResultsMismatch& error) {
    std::cerr << "error: " << report::printable(error.what()) << '\n';
    return kBadInput;
  } catch (const IoError& error) {
    std::cerr << "error: " << report::printable(error.what()) << '\n';
    return kFailure;
  } catch (const Cancelled&) {
    std::cerr << "error: interrupted\n";
    return kCancelled;
  } catch (const InternalError& error) {
    std::cerr << "error: " << error.what() << '\n';
    return kInternal;
  } catch (const std::exception& error) {  // not scrisk's: the command's own bug
    std::cerr << "error: internal error (a bug in scrisk, please report it): " << error.what() << '\n';
    return kInternal;
  }
}

}  // namespace scrisk::cli
