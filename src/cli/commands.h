// Each subcommand family registers itself on the CLI11 app. A command file only
// parses options, calls the library and formats what it returns.
#pragma once

#include <CLI/CLI.hpp>

namespace govscore::cli {

void RegisterScanCommand(CLI::App& app);       // scan_command.cc
void RegisterSampleCommand(CLI::App& app);     // sample_command.cc
void RegisterFrameworkCommand(CLI::App& app);  // framework_command.cc
void RegisterScoreCommand(CLI::App& app);      // score_command.cc
void RegisterChecklistCommand(CLI::App& app);  // checklist_command.cc
void RegisterDemoCommand(CLI::App& app);       // demo_command.cc
void RegisterServeCommand(CLI::App& app);      // serve_command.cc
void RegisterMonitorCommands(CLI::App& app);   // monitor_command.cc: worker, monitor, notice

}  // namespace govscore::cli
