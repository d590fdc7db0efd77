<#
.SYNOPSIS
    Measures the module's speed and memory against the local emulator, side by side with the
    floor (a raw HttpClient loop) and with what a user would write without it (Invoke-RestMethod).
.DESCRIPTION
    Started by `./build.ps1 -Task Bench`. Writes results.md and results.json to -OutputPath.
    Measures, in one run:
      1. 2,000 sequential gets by id: Get-AccessToken through the pipeline and with an array of
         ids, a compiled raw HttpClient loop in this process, HttpClient driven from a
         PowerShell loop, and an Invoke-RestMethod loop, after a warm-up; time and bytes
         allocated per call, and the bytes of the first piped round;
      2. with 50 ms of latency per answer, 500 ids through Get-AccessToken and
         Remove-AccessToken -Force at -ThrottleLimit 1, 4, 16 and 64;
      3. the time importing the module adds to a bare pwsh start (median of 9);
      4. listing 100,000 tokens in API 1.3.7's one answer: time to the first object, total time,
         and peak memory;
      5. listing 5,000 tokens (50 pages of today's API) at 50 ms latency, page by page, with the
         default number of pages at once, and at -ThrottleLimit 8 and 16: total time, time to the
         first object, speed-up against page by page, and peak memory growth, each in a fresh pwsh;
      6. 2,000 gets by id at 20 ms latency: fault-free at -ThrottleLimit 8; with 3% 500s, 3% HTML
         502s and 3% dropped connections at -ThrottleLimit 8; and at -ThrottleLimit 16 against a
         server that allows 200 requests a second and sends rate-limit headers: time, objects and
         errors, requests per second, and the share the server refused;
      7. rate limits as runbooks meet them (tools/Measure-RateLimits.ps1): 2,400 gets by id at
         20 ms against a limit of 200 a second, one process alone with and without Retry-After,
         two separate pwsh processes sharing it, 2% 429s at random against 2% 500s, and the
         first call of a new process.
    -RateLimitsOnly measures section 7 alone, for work on the rate controller.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [int] $SequentialCalls = 2000,
    [int] $WarmupRounds = 12,
    [int] $ThrottledCalls = 500,
    [int] $ListSize = 100000,
    [int] $ImportRuns = 9,
    [int] $PagedListSize = 5000,
    [int] $PagedListRounds = 3,
    [int] $BulkCalls = 2000,
    [int] $BulkRounds = 3,
    [switch] $RateLimitsOnly
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
Import-Module (Join-Path $PSScriptRoot '../tests/EmulatorControl.psm1')
New-Item -ItemType Directory -Force $OutputPath | Out-Null
# Each measured section, the goals and the report have a module of their own in Benchmark/. The
# sections call the emulator's controls imported above and the module imported below.
foreach ($module in 'BenchmarkReport', 'BenchmarkGoals', 'PerCallCost', 'ThrottledPipeline', 'ImportCost', 'ListingCost', 'BulkUnderFaults') {
    Import-Module (Join-Path $PSScriptRoot "Benchmark/$module.psm1") -Force
}

if ($RateLimitsOnly) {
    $rates = & (Join-Path $PSScriptRoot 'Measure-RateLimits.ps1') -ModulePath $ModulePath
    $rates | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $OutputPath 'results.json')
    $lines = @(Format-RateLimits $rates) + @('') + @(Format-GoalTable $rates.goals)
    $lines | Set-Content (Join-Path $OutputPath 'results.md')
    Get-Content (Join-Path $OutputPath 'results.md') | Out-Host
    return
}

$results = [ordered]@{
    machine = [ordered]@{
        os         = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription.Trim()
        cpu        = ((Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', '')
        cores      = [Environment]::ProcessorCount
        powershell = $PSVersionTable.PSVersion.ToString()
        dotnet     = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        date       = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm') + ' UTC'
    }
}

# Sections 1 and 2 share an emulator (section 2 reseeds it), as do sections 5 and 6; section 4
# has one of its own, holding the large list.
$emulator = Start-Emulator -SeedCount $SequentialCalls
try {
    Import-Module $ModulePath
    $results.sequential = Measure-PerCallCost $emulator -SequentialCalls $SequentialCalls -WarmupRounds $WarmupRounds
    $results.throttled = Measure-ThrottledPipeline $emulator -ThrottledCalls $ThrottledCalls
}
finally {
    Stop-Emulator $emulator
}

$results.import = Measure-ImportCost -ModulePath $ModulePath -ImportRuns $ImportRuns

$emulator = Start-Emulator -SeedCount $ListSize
try {
    $results.list = Measure-LargeListing $emulator -ModulePath $ModulePath -ListSize $ListSize
}
finally {
    Stop-Emulator $emulator
}

$emulator = Start-Emulator -SeedCount $PagedListSize
try {
    $results.pagedList = Measure-PagedListing $emulator -ModulePath $ModulePath -PagedListSize $PagedListSize -PagedListRounds $PagedListRounds
    $results.bulk = Measure-BulkUnderFaults $emulator -BulkCalls $BulkCalls -BulkRounds $BulkRounds
}
finally {
    Stop-Emulator $emulator
}

# 7. Rate limits as runbooks meet them, with an emulator of its own.
Write-Host '7. Rate limits as runbooks meet them' -ForegroundColor Cyan
$results.rateLimits = & (Join-Path $PSScriptRoot 'Measure-RateLimits.ps1') -ModulePath $ModulePath

$results.goals = Get-BenchmarkGoal $results
$results | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $OutputPath 'results.json')
Format-BenchmarkReport $results -SequentialCalls $SequentialCalls -WarmupRounds $WarmupRounds -ThrottledCalls $ThrottledCalls |
    Set-Content (Join-Path $OutputPath 'results.md')
Get-Content (Join-Path $OutputPath 'results.md') | Out-Host
