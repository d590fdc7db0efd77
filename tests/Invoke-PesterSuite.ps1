<#
.SYNOPSIS
    Runs the Pester tests against a built module and writes a JSON summary for build.ps1.
.DESCRIPTION
    Runs in PowerShell 7 (build.ps1 -Task Test) and in Windows PowerShell 5.1 (the CI job on
    Windows) alike. Beside the summary it writes the results as NUnit XML,
    pester-<edition>.xml, and it exits with 1 when any test failed.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Filter = $(if ($env:ACCESSTOKEN_TEST_FILTER) { $env:ACCESSTOKEN_TEST_FILTER } else { '*' })
)
$ErrorActionPreference = 'Stop'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
Import-Module $PesterPath -Force

# The tests read the module under test from here, so they can also run in a fresh process.
$env:ACCESSTOKEN_TEST_MODULE = (Resolve-Path $ModulePath).Path

$results = Split-Path $SummaryPath -Parent
if ($results) { New-Item -ItemType Directory -Force $results | Out-Null }

$configuration = New-PesterConfiguration
$configuration.Run.Path = @(Get-ChildItem (Join-Path $PSScriptRoot 'Pester') -Filter "$Filter.Tests.ps1" | ForEach-Object FullName)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Should.ErrorAction = 'Continue'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $results "pester-$($PSVersionTable.PSEdition.ToLowerInvariant()).xml"
$result = Invoke-Pester -Configuration $configuration

$summary = @{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
}
$summary | ConvertTo-Json | Set-Content $SummaryPath
Write-Host "PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition)): $($summary.Passed) passed, $($summary.Failed) failed, $($summary.Skipped) skipped"
if ($summary.Failed -gt 0 -or $summary.Passed -eq 0) { exit 1 }
