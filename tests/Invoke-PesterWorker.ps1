<#
.SYNOPSIS
    One worker of a Pester run: takes suites from the run's queue until none is left.
.DESCRIPTION
    Started by tests/Invoke-PesterSuite.ps1, one process for each worker, in the edition that runs
    the suite. Each suite's output, results and counts go to the run's folder, where the runner
    reads them.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $RunFolder
)
$ErrorActionPreference = 'Stop'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
Import-Module $PesterPath -Force
Import-Module (Join-Path $PSScriptRoot 'PesterQueue.psm1') -Force
Invoke-PesterQueue -RunFolder $RunFolder
