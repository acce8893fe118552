// SPDX-License-Identifier: Apache-2.0
// Applicants from a table of an SQLite database (`elig batch --input x.db --table T`):
// the columns are fact names, with optional `id` and `as_of` columns, one row per
// applicant in rowid order. NULL is an unknown fact. A REAL cell is read as the
// shortest decimal that is the same double (store money as INTEGER or TEXT).
#pragma once

#include <memory>
#include <string>

#include "io/csv.hpp"

namespace elig::store {

// Opens the table read-only; a missing table or database is reported by error().
std::unique_ptr<ApplicantStream> OpenSqliteTable(const std::string& path, const std::string& table,
                                                 const ReaderOptions& options = {});

}  // namespace elig::store
