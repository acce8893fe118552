// SPDX-License-Identifier: Apache-2.0
// Fusion adaption of the Spirit-side AST, so X3 can fill the structs field by field.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "syntax/x3/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::NumberLit, lead_percent, digits, trail_percent, yen)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::DateLit, text)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::StringLit, body)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::BoolLit, value)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Name, text)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Call, name, args)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Aggregate, function, binder, list, body)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::ListLit, items)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Group, inner)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Member, name)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Index, key)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Postfix, primary, suffixes)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Unary, op, operand)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Chain, first, rest)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::BetweenTail, low, high)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::Comparison, left, tail)
BOOST_FUSION_ADAPT_STRUCT(elig::x3ast::IfExpr, condition, then_branch, else_branch)
