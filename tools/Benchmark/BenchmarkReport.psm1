# The benchmark's results as the Markdown of results.md: a table for each measured section, and
# the goals met.

$ErrorActionPreference = 'Stop'

# The rate-limit rows as Markdown: one line per condition, with each process's own time.
function Format-RateLimits($Rates) {
    "## Rate limits: $($Rates.calls) gets by id at $($Rates.latencyMs) ms latency, ``-ThrottleLimit $($Rates.throttleLimit)``"
    ''
    "A token bucket of $($Rates.allowed) requests a second holding $($Rates.burst) (200 ms of it), no rate-limit headers; one run each. Share of the limit: all the gets over the seconds until the last process finished, over $($Rates.allowed); refused: the emulator's refused requests over all it saw. Shared rows run in separate ``pwsh`` processes, each with half the ids, started together once both had warmed up; the first-call row in a fresh ``pwsh`` with nothing run before."
    ''
    '| condition | seconds (each process) | slowest over fastest | share of the limit | refused | objects | errors |'
    '|---|---:|---:|---:|---:|---:|---:|'
    foreach ($row in $Rates.rows) {
        $seconds = if ($row.processes -gt 1) { "$($row.seconds) ($($row.processSeconds -join ', '))" } else { "$($row.seconds)" }
        $ratio = if ($row.processes -gt 1) { $row.slowestOverFastest } elseif ($row.condition -eq 'random429') { "$($row.overRandom500)× the 500s run" } else { '' }
        $share = if ($null -ne $row.shareOfLimit) { "$([Math]::Round($row.shareOfLimit * 100))%" } else { '' }
        $refused = if ($null -ne $row.refusedShare) { "$($row.refused) ($([Math]::Round($row.refusedShare * 100, 1))%)" } else { "($($row.faultsMet) faults met)" }
        "| $($row.label) | $seconds | $ratio | $share | $refused | $($row.objects) | $($row.errors) |"
    }
}

# The rows of the goals, met or not.
function Format-GoalTable($Goals) {
    '| goal | met |'
    '|---|---|'
    foreach ($goal in $Goals.GetEnumerator()) { "| $($goal.Key) | $($goal.Value) |" }
}

function Format-BenchmarkReport {
    <# The whole report, line by line. #>
    # The counts of sections 1 and 2 come from the run's parameters, as the results do not hold them all.
    param($Results, [int] $SequentialCalls, [int] $WarmupRounds, [int] $ThrottledCalls)
    $m = $Results.machine
    $seq = $Results.sequential
    $lines = @(
        "# Benchmark results"
        ''
        "Run $($m.date) on $($m.os), $($m.cpu), $($m.cores) cores; PowerShell $($m.powershell), $($m.dotnet). The emulator runs on the same machine."
        ''
        "## Per call: $($seq.calls) sequential gets by id"
        ''
        '| client | ms per call | vs raw HttpClient | KB allocated per call |'
        '|---|---:|---:|---:|'
        "| raw HttpClient loop (compiled, the floor) | $($seq.rawHttpClientMsPerCall) | 1.00 | $($seq.rawHttpClientKBPerCall) |"
        "| HttpClient driven from a PowerShell loop | $($seq.scriptedHttpClientMsPerCall) | $([Math]::Round($seq.scriptedHttpClientMsPerCall / $seq.rawHttpClientMsPerCall, 2)) | $($seq.scriptedHttpClientKBPerCall) |"
        "| ``Get-AccessToken`` through the pipeline | $($seq.getAccessTokenMsPerCall) | $($seq.moduleOverRaw) | $($seq.getAccessTokenKBPerCall) |"
        "| ``Get-AccessToken -AccessTokenId `$ids`` (one call, no per-item binding) | $($seq.getAccessTokenArrayMsPerCall) | $([Math]::Round($seq.getAccessTokenArrayMsPerCall / $seq.rawHttpClientMsPerCall, 2)) | $($seq.getAccessTokenArrayKBPerCall) |"
        "| ``Invoke-RestMethod`` loop | $($seq.invokeRestMethodMsPerCall) | $([Math]::Round($seq.invokeRestMethodMsPerCall / $seq.rawHttpClientMsPerCall, 2)) | $($seq.invokeRestMethodKBPerCall) |"
        ''
        'KB allocated per call: bytes the whole process allocated during the run (GC.GetTotalAllocatedBytes), divided by the calls; the median of the rounds. Every run, each row alike, discards its output by assigning it to `$null` rather than piping it to `Out-Null`, which binds every object it receives and allocates for each: that would be `Out-Null`''s cost, not the client''s.'
        ''
        "The rounds follow a warm-up of $WarmupRounds rounds of every row ($([Math]::Ceiling($WarmupRounds / 4)) of ``Invoke-RestMethod``), so they show a session's steady state: in a new process PowerShell's parameter binder runs unoptimized code until .NET's tiered compiler reaches it, and the first $SequentialCalls piped calls allocated $($seq.getAccessTokenFirstRoundKBPerCall) KB each."
        ''
        "## Bulk: $ThrottledCalls ids, 50 ms latency per answer"
        ''
        '| -ThrottleLimit | Get ms | Get per s | Get speed-up | Remove ms | Remove per s | Remove speed-up |'
        '|---:|---:|---:|---:|---:|---:|---:|'
    )
    foreach ($row in $Results.throttled) {
        $lines += "| $($row.throttleLimit) | $($row.getMs) | $($row.getPerSecond) | $($row.getSpeedUp) | $($row.removeMs) | $($row.removePerSecond) | $($row.removeSpeedUp) |"
    }
    $lines += @(
        ''
        "## Import: median of $($Results.import.runs) fresh processes"
        ''
        "| measured in fresh processes | wall ms | CPU ms |"
        "|---|---:|---:|"
        "| ``Import-Module AccessToken`` itself, timed inside a fresh ``pwsh`` | **$($Results.import.importInProcessMs)** | |"
        "| ``Import-Module AccessToken`` adds to a bare ``pwsh`` start ($($Results.import.barePwshMs) ms) | $($Results.import.importAddsMs) | $($Results.import.importAddsCpuMs) |"
        "| importing an empty module with an empty format file adds | $($Results.import.emptyModuleAddsMs) | $($Results.import.emptyModuleAddsCpuMs) |"
        "| ``Import-Module AccessToken`` adds to a session that formats one output | $($Results.import.withOutputAddsMs) | $($Results.import.withOutputAddsCpuMs) |"
        ''
        'This pwsh (the dotnet tool package) is not ahead-of-time compiled, so PowerShell compiles its own code at first use: the first command of a session, whatever it is, pays for the command machinery; any module with a format file pays for the formatting machinery at import, and any session pays for it at its first formatted output. The bare-start difference includes both; the in-process time is the import alone.'
        ''
        "## Listing $($Results.list.tokens) tokens in one answer of API 1.3.7 ($($Results.list.responseMB) MB of JSON)"
        ''
        "first object after $($Results.list.firstObjectMs) ms, all after $($Results.list.totalMs) ms; peak working set $($Results.list.peakWorkingSetMB) MB ($($Results.list.listGrowthMB) MB above the peak before the list)."
        ''
        "## Listing $($Results.pagedList.tokens) tokens at $($Results.pagedList.latencyMs) ms latency: page by page and pages at once"
        ''
        "``Get-AccessToken`` listing today's API (one listing at the default asked for $($Results.pagedList.pageRequests) pages) by -ThrottleLimit, each run in a fresh ``pwsh``; each figure the median of $($Results.pagedList.rounds) rounds. Growth: the peak working set above the peak before the listing."
        ''
        '| -ThrottleLimit | total ms | first object ms | speed-up vs page by page | at least 5x | growth MB |'
        '|---|---:|---:|---:|---|---:|'
    )
    foreach ($row in $Results.pagedList.rows) {
        $name = switch ($row.throttleLimit) { 1 { '1 (page by page)' } 'default' { 'not given (the default)' } default { $_ } }
        $fiveTimes = if ($row.throttleLimit -eq 1) { '' } else { $row.speedUp -ge 5 }
        $lines += "| $name | $($row.totalMs) | $($row.firstObjectMs) | $($row.speedUp) | $fiveTimes | $($row.listGrowthMB) |"
    }
    $lines += @(
        ''
        "## Bulk: $($Results.bulk.calls) gets by id at $($Results.bulk.latencyMs) ms latency, under faults and rate limits"
        ''
        "``Get-AccessToken`` with piped ids, each call with its own ``-ApiToken`` and ``-BaseUri`` so that none inherits what another learned of the rate limit. Rate-limited rows: a token bucket of $($Results.bulk.allowedPerSecond) requests a second, burst $($Results.bulk.burst), ``Retry-After: $($Results.bulk.retryAfter)``; requests per second is the $($Results.bulk.calls) gets over the seconds, share of allowed that over $($Results.bulk.allowedPerSecond), refused the emulator's refused requests over all it saw (count and share). Faults met: the answers the emulator's fault rules made. Each row is its run with the median time of $($Results.bulk.rounds) rounds."
        ''
        '| condition | -ThrottleLimit | seconds | vs fault-free | objects | errors | faults met | requests per second | share of allowed | refused |'
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
    )
    foreach ($row in $Results.bulk.rows) {
        $lines += "| $($row.label) | $($row.throttleLimit) | $($row.seconds) | $($row.vsFaultFree) | $($row.objects) | $($row.errors) | $($row.faultsMet) | $($row.requestsPerSecond) | $($row.shareOfAllowed) | $(if ($null -ne $row.refusedShare) { "$($row.refused) ($($row.refusedShare))" }) |"
    }
    $lines += @('') + @(Format-RateLimits $Results.rateLimits)
    $lines += @('', '## Goals', '') + @(Format-GoalTable $Results.goals)
    $lines
}

Export-ModuleMember -Function Format-RateLimits, Format-GoalTable, Format-BenchmarkReport
