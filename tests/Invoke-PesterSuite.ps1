<#
.SYNOPSIS
    Runs the Pester tests against a built module and writes a JSON summary for build.ps1.
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

$configuration = New-PesterConfiguration
$configuration.Run.Path = @(Get-ChildItem (Join-Path $PSScriptRoot 'Pester') -Filter "$Filter.Tests.ps1" | ForEach-Object FullName)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $configuration

@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content $SummaryPath

