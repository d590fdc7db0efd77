<#
.SYNOPSIS
    Measures bulk gets by id under rate limits as runbooks meet them: one process alone, two
    separate pwsh processes sharing one limit, 429s at random, and the first call of a new process.
.DESCRIPTION
    Run by tools/Measure-Module.ps1 (build.ps1 -Task Bench), or alone while working on the rate
    controller. Starts its own emulator: answers $LatencyMs ms away, a token bucket of $Allowed
    requests a second holding 200 ms of them, every run at -ThrottleLimit $ThrottleLimit, one run
    each. Returns the rows as an ordered dictionary (and prints them); throws when any run lost an
    input or changed the order of its output.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Calls = 2400,
    [int] $LatencyMs = 20,
    [int] $ThrottleLimit = 16,
    [int] $Allowed = 200,
    [double] $RandomShare = 0.02
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
Import-Module (Join-Path $PSScriptRoot '../tests/EmulatorControl.psm1')
Import-Module $ModulePath
$pwsh = Join-Path $PSHOME 'pwsh'
$burst = [int]($Allowed / 5)

# One process's part of a run, in a pwsh of its own: it imports the module, warms up when asked
# (against no limit, before the run starts), says it is ready, and starts its gets when the go
# file appears, so that processes sharing a limit start together. It answers with JSON.
$processScript = {
    param($ModulePath, $Url, $ApiToken, $IdsFile, $ReadyFile, $GoFile, $ThrottleLimit, $WarmUp)
    $ErrorActionPreference = 'Stop'
    Import-Module $ModulePath
    $ids = @(Get-Content $IdsFile)
    $connection = @{ ApiToken = (ConvertTo-SecureString $ApiToken -AsPlainText -Force); BaseUri = $Url; ThrottleLimit = $ThrottleLimit }
    if ($WarmUp -eq 'True') { $null = $ids | Get-AccessToken @connection }
    New-Item -ItemType File $ReadyFile | Out-Null
    while (-not (Test-Path $GoFile)) { Start-Sleep -Milliseconds 2 }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $tokens = @($ids | Get-AccessToken @connection -ErrorAction SilentlyContinue -ErrorVariable failed)
    $seconds = $clock.Elapsed.TotalSeconds
    $failedIds = @($failed | ForEach-Object TargetObject)
    [ordered]@{
        seconds = $seconds
        objects = $tokens.Count
        errors  = @($failed).Count
        inOrder = ($tokens.Id -join ',') -eq (@($ids | Where-Object { $_ -notin $failedIds }) -join ',')
    } | ConvertTo-Json -Compress
}

function Start-Part([string[]] $Ids, [string] $Name, [bool] $WarmUp) {
    $idsFile = Join-Path $work "$Name.ids"
    Set-Content $idsFile $Ids
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', "& { $processScript } '$ModulePath' '$($emulator.Url)' '$($emulator.ApiToken)' '$idsFile' '$(Join-Path $work "$Name.ready")' '$goFile' $ThrottleLimit '$WarmUp'") {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Name = $Name; Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync(); Ids = $Ids }
}

# A run of separate processes: each gets its share of the ids; the limit is set once all are
# ready (so warm-ups and starts do not count against it), then they go together.
function Invoke-Processes([int] $Count, [bool] $WarmUp, [scriptblock] $Arrange) {
    Remove-Item (Join-Path $work '*') -Force -ErrorAction SilentlyContinue
    $null = Clear-EmulatorRateLimit $emulator
    Clear-EmulatorFault $emulator
    $share = $Calls / $Count
    $parts = for ($i = 0; $i -lt $Count; $i++) { Start-Part $ids[($i * $share)..(($i + 1) * $share - 1)] "part$i" $WarmUp }
    $deadline = [DateTime]::UtcNow.AddMinutes(3)
    while (@($parts | Where-Object { -not (Test-Path (Join-Path $work "$($_.Name).ready")) }).Count) {
        if ([DateTime]::UtcNow -gt $deadline -or @($parts | Where-Object { $_.Process.HasExited }).Count) {
            $parts | ForEach-Object { if (-not $_.Process.HasExited) { $_.Process.Kill() } }
            throw "A measuring process did not get ready: $(($parts | ForEach-Object { $_.Errors.Result }) -join ' ')"
        }
        Start-Sleep -Milliseconds 20
    }
    & $Arrange
    New-Item -ItemType File $goFile | Out-Null
    $runs = foreach ($part in $parts) {
        $part.Process.WaitForExit()
        $json = $part.Output.Result
        if ($part.Process.ExitCode -ne 0) { throw "A measuring process failed with exit code $($part.Process.ExitCode): $json $($part.Errors.Result)" }
        $run = $json.Trim() -split "`n" | Select-Object -Last 1 | ConvertFrom-Json
        Assert-NothingLost $run $part.Ids.Count "process $($part.Name)"
        $run
    }
    $counts = Get-EmulatorRateLimit $emulator
    [pscustomobject]@{ Runs = @($runs); Counts = $counts; FaultsMet = Get-FaultsMet }
}

# A run in this process, warm: the module has run the same gets already.
function Invoke-Here([scriptblock] $Arrange) {
    $null = Clear-EmulatorRateLimit $emulator
    Clear-EmulatorFault $emulator
    & $Arrange
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $tokens = @($ids | Get-AccessToken -ApiToken $emulator.SecureApiToken -BaseUri $emulator.Url -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable failed)
    $seconds = $clock.Elapsed.TotalSeconds
    $failedIds = @($failed | ForEach-Object TargetObject)
    $run = [pscustomobject]@{
        seconds = $seconds
        objects = $tokens.Count
        errors  = @($failed).Count
        inOrder = ($tokens.Id -join ',') -eq (@($ids | Where-Object { $_ -notin $failedIds }) -join ',')
    }
    Assert-NothingLost $run $Calls 'this process'
    $counts = Get-EmulatorRateLimit $emulator
    [pscustomobject]@{ Runs = @($run); Counts = $counts; FaultsMet = Get-FaultsMet }
}

# Each input is an object or an error, in input order: anything else is lost work, however fast.
function Assert-NothingLost($Run, [int] $Expected, [string] $Where) {
    if ($Run.objects + $Run.errors -ne $Expected) { throw "$Where`: $($Run.objects) objects and $($Run.errors) errors for $Expected ids." }
    if (-not $Run.inOrder) { throw "$Where`: the output was not in input order." }
}

function Get-FaultsMet {
    $met = 0
    foreach ($rule in (Invoke-EmulatorControl $emulator /faults/stats)) { $met += $rule.fired }
    $met
}

function New-Row([string] $Condition, [string] $Label, $Measured) {
    $slowest = ($Measured.Runs | Measure-Object seconds -Maximum).Maximum
    $fastest = ($Measured.Runs | Measure-Object seconds -Minimum).Minimum
    $limited = [bool]$Measured.Counts.enabled
    [ordered]@{
        condition        = $Condition
        label            = $Label
        processes        = $Measured.Runs.Count
        seconds          = [Math]::Round($slowest, 2)
        processSeconds   = @($Measured.Runs | ForEach-Object { [Math]::Round($_.seconds, 2) })
        slowestOverFastest = [Math]::Round($slowest / $fastest, 2)
        objects          = ($Measured.Runs | Measure-Object objects -Sum).Sum
        errors           = ($Measured.Runs | Measure-Object errors -Sum).Sum
        faultsMet        = $Measured.FaultsMet
        requestsPerSecond = [Math]::Round($Calls / $slowest, 1)
        shareOfLimit     = if ($limited) { [Math]::Round($Calls / $slowest / $Allowed, 3) } else { $null }
        allowed          = $Measured.Counts.allowed
        refused          = $Measured.Counts.refused
        refusedShare     = if ($limited) { [Math]::Round($Measured.Counts.refused / ($Measured.Counts.allowed + $Measured.Counts.refused), 3) } else { $null }
    }
}

$work = Join-Path ([IO.Path]::GetTempPath()) "AccessToken-RateLimits-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
$goFile = Join-Path $work 'go'
$emulator = Start-Emulator -SeedCount $Calls
try {
    Set-EmulatorConfig $emulator -Record $false -LatencyMs $LatencyMs
    $ids = @(1..$Calls | Get-EmulatorSeedId)
    $limit = @{ RequestsPerSecond = $Allowed; Burst = $burst; Headers = $false }
    $withRetryAfter = { $null = Set-EmulatorRateLimit $emulator @limit -RetryAfter 1 }
    $withoutRetryAfter = { $null = Set-EmulatorRateLimit $emulator @limit -RetryAfter none }

    # This process warms up first, with no limit, so that its rows are a session's steady state.
    for ($warm = 0; $warm -lt 2; $warm++) { $null = $ids | Get-AccessToken -ApiToken $emulator.SecureApiToken -BaseUri $emulator.Url -ThrottleLimit $ThrottleLimit }

    $rows = [Collections.Generic.List[object]]::new()
    Write-Host "Rate limits: $Calls gets by id at $LatencyMs ms, -ThrottleLimit $ThrottleLimit, a bucket of $Allowed a second holding $burst" -ForegroundColor Cyan
    $rows.Add((New-Row oneProcessRetryAfter 'one process, 429 with `Retry-After: 1`' (Invoke-Here $withRetryAfter)))
    $rows.Add((New-Row oneProcessNoRetryAfter 'one process, 429 with no `Retry-After`' (Invoke-Here $withoutRetryAfter)))
    $rows.Add((New-Row twoProcessesRetryAfter "two processes sharing the limit ($($Calls / 2) gets each), ``Retry-After: 1``" (Invoke-Processes 2 $true $withRetryAfter)))
    $rows.Add((New-Row twoProcessesNoRetryAfter "two processes sharing the limit ($($Calls / 2) gets each), no ``Retry-After``" (Invoke-Processes 2 $true $withoutRetryAfter)))
    $percent = [Math]::Round($RandomShare * 100)
    $rows.Add((New-Row random429 "$percent% of requests refused with 429 (``Retry-After: 1``) at random, no limit" (Invoke-Here { Set-EmulatorFault $emulator @{ kind = '429'; rate = $RandomShare; retryAfter = 1; seed = 429 } })))
    $rows.Add((New-Row random500 "the same with $percent% 500s instead" (Invoke-Here { Set-EmulatorFault $emulator @{ kind = '500'; rate = $RandomShare; seed = 500 } })))
    $rows.Add((New-Row firstCall 'the first call in a new process, alone, `Retry-After: 1`' (Invoke-Processes 1 $false $withRetryAfter)))
}
finally {
    Stop-Emulator $emulator
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

$byName = @{}
foreach ($row in $rows) { $byName[$row.condition] = $row }
$byName.random429.overRandom500 = [Math]::Round($byName.random429.seconds / $byName.random500.seconds, 2)
$limitedRows = 'oneProcessRetryAfter', 'oneProcessNoRetryAfter', 'twoProcessesRetryAfter', 'twoProcessesNoRetryAfter', 'firstCall'
$goals = [ordered]@{}
foreach ($name in $limitedRows) {
    $goals["${name}AtLeast80PercentOfLimit"] = $byName[$name].shareOfLimit -ge 0.8
    $goals["${name}AtMost10PercentRefused"] = $byName[$name].refusedShare -le 0.1
}
$goals.twoProcessesRetryAfterNeitherOver1_25xTheOther = $byName.twoProcessesRetryAfter.slowestOverFastest -le 1.25
$goals.twoProcessesNoRetryAfterNeitherOver1_25xTheOther = $byName.twoProcessesNoRetryAfter.slowestOverFastest -le 1.25
$goals.random429AtMost2xRandom500 = $byName.random429.overRandom500 -le 2

$rows | ForEach-Object { [pscustomobject]$_ } | Format-Table condition, seconds, processSeconds, slowestOverFastest, objects, errors, faultsMet, shareOfLimit, refused, refusedShare | Out-Host
[ordered]@{
    calls         = $Calls
    latencyMs     = $LatencyMs
    throttleLimit = $ThrottleLimit
    allowed       = $Allowed
    burst         = $burst
    rows          = @($rows)
    goals         = $goals
}
