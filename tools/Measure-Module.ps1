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
$pwsh = Join-Path $PSHOME 'pwsh'

# The floor: the same requests from compiled code, one HttpClient, nothing else.
Add-Type -TypeDefinition @'
using System;
using System.Diagnostics;
using System.Net.Http;

public static class RawHttpFloor
{
    public static double MeasureMilliseconds(string baseUri, string apiToken, string[] ids)
    {
        using (var client = new HttpClient())
        {
            var clock = Stopwatch.StartNew();
            foreach (var id in ids)
            {
                using (var request = new HttpRequestMessage(HttpMethod.Get, baseUri + "/me/tokens/" + id + "?_actions=false&_links=true&_embedded=true"))
                {
                    request.Headers.TryAddWithoutValidation("Accept", "application/json");
                    request.Headers.TryAddWithoutValidation("Accept-Version", "^1.30.0");
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiToken);
                    using (var response = client.SendAsync(request).GetAwaiter().GetResult())
                    {
                        response.EnsureSuccessStatusCode();
                        response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                    }
                }
            }
            return clock.Elapsed.TotalMilliseconds;
        }
    }
}
'@


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

if ($RateLimitsOnly) {
    $rates = & (Join-Path $PSScriptRoot 'Measure-RateLimits.ps1') -ModulePath $ModulePath
    $rates | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $OutputPath 'results.json')
    $lines = @(Format-RateLimits $rates) + @('', '| goal | met |', '|---|---|')
    foreach ($goal in $rates.goals.GetEnumerator()) { $lines += "| $($goal.Key) | $($goal.Value) |" }
    $lines | Set-Content (Join-Path $OutputPath 'results.md')
    Get-Content (Join-Path $OutputPath 'results.md') | Out-Host
    return
}

function Measure-Milliseconds([scriptblock] $Action) {
    (Measure-Run $Action).Ms
}

function Measure-Run([scriptblock] $Action) {
    # Bytes allocated by the whole process (every thread, HttpClient's included) during the run.
    $allocatedBefore = [GC]::GetTotalAllocatedBytes($true)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    # Not `| Out-Null`: Out-Null binds every object it is given, and what that allocates is
    # Out-Null's cost, not the client's. Assigning to $null discards without binding anything.
    $null = & $Action
    $ms = $clock.Elapsed.TotalMilliseconds
    [pscustomobject]@{ Ms = $ms; Bytes = [GC]::GetTotalAllocatedBytes($true) - $allocatedBefore }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
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

$emulator = Start-Emulator -SeedCount $SequentialCalls
try {
    Import-Module $ModulePath
    $apiToken = $emulator.SecureApiToken
    $connection = @{ ApiToken = $apiToken; BaseUri = $emulator.Url }
    Set-EmulatorConfig $emulator -Record $false

    # 1. Sequential gets by id.
    Write-Host "1. $SequentialCalls sequential gets by id" -ForegroundColor Cyan
    $ids = 1..$SequentialCalls | Get-EmulatorSeedId
    $headers = @{ Accept = 'application/json'; 'Accept-Version' = '^1.30.0' }
    # Warm up every path (JIT, connections) before measuring.
    $null = $ids[0..99] | Get-AccessToken @connection
    $null = [RawHttpFloor]::MeasureMilliseconds($emulator.Url, $emulator.ApiToken, $ids[0..99])
    foreach ($id in $ids[0..99]) { $null = Invoke-RestMethod -Uri "$($emulator.Url)/me/tokens/$($id)?_actions=false&_links=true&_embedded=true" -Headers $headers -Authentication Bearer -Token $apiToken -AllowUnencryptedAuthentication }

    # What a script that drives HttpClient itself pays: the floor plus PowerShell's own loop.
    $scriptedClient = [System.Net.Http.HttpClient]::new()
    $scriptedLoop = {
        foreach ($id in $ids) {
            $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, "$($emulator.Url)/me/tokens/$($id)?_actions=false&_links=true&_embedded=true")
            $null = $request.Headers.TryAddWithoutValidation('Accept', 'application/json')
            $null = $request.Headers.TryAddWithoutValidation('Accept-Version', '^1.30.0')
            $null = $request.Headers.TryAddWithoutValidation('Authorization', "Bearer $($emulator.ApiToken)")
            $response = $scriptedClient.SendAsync($request).GetAwaiter().GetResult()
            $null = $response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()
            $response.Dispose()
            $request.Dispose()
        }
    }
    & $scriptedLoop

    # PowerShell's own code, its parameter binder above all, starts out unoptimized: .NET's tiered
    # compiler optimizes it only after some seconds of calls, and until then each piped call
    # allocates nearly 2 KB more, which the optimized code does not. The figures below are a
    # session's steady state, after this warm-up of every row (Invoke-RestMethod, slow as it is, in
    # a quarter of the rounds); the first round shows what a new process pays.
    $firstPipedRound = Measure-Run { $ids | Get-AccessToken @connection }
    for ($warm = 0; $warm -lt $WarmupRounds; $warm++) {
        $null = [RawHttpFloor]::MeasureMilliseconds($emulator.Url, $emulator.ApiToken, $ids)
        & $scriptedLoop
        $null = $ids | Get-AccessToken @connection
        $null = Get-AccessToken -AccessTokenId $ids @connection
        if ($warm % 4 -eq 0) {
            foreach ($id in $ids) { $null = Invoke-RestMethod -Uri "$($emulator.Url)/me/tokens/$($id)?_actions=false&_links=true&_embedded=true" -Headers $headers -Authentication Bearer -Token $apiToken -AllowUnencryptedAuthentication }
        }
    }

    $rounds = 3
    $module = @(); $raw = @(); $irm = @(); $scripted = @(); $array = @()
    for ($round = 0; $round -lt $rounds; $round++) {
        $raw += Measure-Run { [RawHttpFloor]::MeasureMilliseconds($emulator.Url, $emulator.ApiToken, $ids) }
        $scripted += Measure-Run $scriptedLoop
        $module += Measure-Run { $ids | Get-AccessToken @connection }
        $array += Measure-Run { Get-AccessToken -AccessTokenId $ids @connection }
        $irm += Measure-Run {
            foreach ($id in $ids) {
                Invoke-RestMethod -Uri "$($emulator.Url)/me/tokens/$($id)?_actions=false&_links=true&_embedded=true" -Headers $headers -Authentication Bearer -Token $apiToken -AllowUnencryptedAuthentication
            }
        }
    }
    $msPerCall = { param($runs) [Math]::Round((Get-Median $runs.Ms) / $SequentialCalls, 4) }
    $kbPerCall = { param($runs) [Math]::Round((Get-Median $runs.Bytes) / $SequentialCalls / 1024, 1) }
    $perCall = [ordered]@{
        calls                    = $SequentialCalls
        rawHttpClientMsPerCall   = & $msPerCall $raw
        scriptedHttpClientMsPerCall = & $msPerCall $scripted
        getAccessTokenMsPerCall  = & $msPerCall $module
        getAccessTokenArrayMsPerCall = & $msPerCall $array
        invokeRestMethodMsPerCall = & $msPerCall $irm
        rawHttpClientKBPerCall   = & $kbPerCall $raw
        scriptedHttpClientKBPerCall = & $kbPerCall $scripted
        getAccessTokenKBPerCall  = & $kbPerCall $module
        getAccessTokenFirstRoundKBPerCall = [Math]::Round($firstPipedRound.Bytes / $SequentialCalls / 1024, 1)
        getAccessTokenArrayKBPerCall = & $kbPerCall $array
        invokeRestMethodKBPerCall = & $kbPerCall $irm
    }
    $perCall.moduleOverRaw = [Math]::Round($perCall.getAccessTokenMsPerCall / $perCall.rawHttpClientMsPerCall, 3)
    $perCall.moduleOverInvokeRestMethod = [Math]::Round($perCall.getAccessTokenMsPerCall / $perCall.invokeRestMethodMsPerCall, 3)
    $results.sequential = $perCall
    $perCall | Format-Table | Out-Host

    # 2. Throttled pipelines under 50 ms of latency.
    Write-Host "2. $ThrottledCalls ids at 50 ms latency, by -ThrottleLimit" -ForegroundColor Cyan
    $throttled = @()
    $ids = 1..$ThrottledCalls | Get-EmulatorSeedId
    foreach ($limit in 1, 4, 16, 64) {
        Reset-Emulator $emulator -SeedCount $ThrottledCalls
        Set-EmulatorConfig $emulator -Record $false -LatencyMs 50
        $getMs = Measure-Milliseconds { $ids | Get-AccessToken @connection -ThrottleLimit $limit }
        $removeMs = Measure-Milliseconds { $ids | Remove-AccessToken @connection -Force -ThrottleLimit $limit }
        $left = @(Get-EmulatorToken $emulator).Count
        if ($left -ne 0) { throw "Remove-AccessToken -ThrottleLimit $limit left $left tokens." }
        $throttled += [ordered]@{
            throttleLimit    = $limit
            getMs            = [Math]::Round($getMs)
            getPerSecond     = [Math]::Round($ThrottledCalls / ($getMs / 1000), 1)
            removeMs         = [Math]::Round($removeMs)
            removePerSecond  = [Math]::Round($ThrottledCalls / ($removeMs / 1000), 1)
        }
    }
    foreach ($row in $throttled) {
        $row.getSpeedUp = [Math]::Round($throttled[0].getMs / $row.getMs, 2)
        $row.removeSpeedUp = [Math]::Round($throttled[0].removeMs / $row.removeMs, 2)
    }
    $results.throttled = $throttled
    $throttled | ForEach-Object { [pscustomobject]$_ } | Format-Table | Out-Host
}
finally {
    Stop-Emulator $emulator
}

# 3. Import cost, in fresh processes.
Write-Host "3. Import time (median of $ImportRuns)" -ForegroundColor Cyan
# The cost of PowerShell's module machinery itself: an empty module with an empty format file.
$emptyModule = Join-Path ([IO.Path]::GetTempPath()) "EmptyReferenceModule-$PID"
New-Item -ItemType Directory -Force $emptyModule | Out-Null
Set-Content (Join-Path $emptyModule 'Empty.format.ps1xml') '<Configuration><ViewDefinitions /></Configuration>'
New-ModuleManifest -Path (Join-Path $emptyModule 'EmptyReferenceModule.psd1') -FormatsToProcess 'Empty.format.ps1xml' -CmdletsToExport @() -FunctionsToExport @() -AliasesToExport @() -VariablesToExport @()

# Wall time and CPU time of one fresh pwsh; CPU time is far less disturbed by whatever else
# the machine is doing, so both are reported.
function Measure-Pwsh([string] $Command) {
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
    # The child reports its own CPU time at the end: an exited process's times cannot be read here.
    $report = '[Console]::Out.WriteLine([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture))'
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', "$Command; $report") { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($start)
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $wall = $clock.Elapsed.TotalMilliseconds
    $cpu = [double]::Parse(($output.Trim() -split "`n")[-1], [Globalization.CultureInfo]::InvariantCulture)
    [pscustomobject]@{ WallMs = $wall; CpuMs = $cpu }
}

$cases = [ordered]@{
    bare           = '$null = 0'
    imported       = "Import-Module '$ModulePath'"
    empty          = "Import-Module '$emptyModule/EmptyReferenceModule.psd1'"
    # A session that shows anything builds PowerShell's format tables anyway; measured with one
    # formatted output, the import pays only for what is its own.
    bareOutput     = 'Get-Date | Out-String | Out-Null'
    importedOutput = "Import-Module '$ModulePath'; Get-Date | Out-String | Out-Null"
}
$samples = @{}
foreach ($name in $cases.Keys) { $samples[$name] = [Collections.Generic.List[object]]::new() }
$null = Measure-Pwsh '$null = 0'
for ($run = 0; $run -lt $ImportRuns; $run++) {
    # Interleaved, so a burst of load elsewhere on the machine touches every case alike.
    foreach ($name in $cases.Keys) { $samples[$name].Add((Measure-Pwsh $cases[$name])) }
}
Remove-Item $emptyModule -Recurse -Force

# The import itself, timed inside each fresh process: what Import-Module takes, without the
# compilation of PowerShell's command machinery that a session's first command of any kind pays.
$inProcess = for ($run = 0; $run -lt $ImportRuns; $run++) {
    $text = & $pwsh -NoProfile -NonInteractive -Command "[Console]::Out.WriteLine((Measure-Command { Import-Module '$ModulePath' }).TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture))"
    [double]::Parse(($text | Select-Object -Last 1), [Globalization.CultureInfo]::InvariantCulture)
}

function Get-Added([string] $With, [string] $Without, [string] $Measure) {
    [Math]::Round((Get-Median $samples[$With].$Measure) - (Get-Median $samples[$Without].$Measure))
}
$results.import = [ordered]@{
    runs                 = $ImportRuns
    importInProcessMs    = [Math]::Round((Get-Median $inProcess))
    barePwshMs           = [Math]::Round((Get-Median $samples.bare.WallMs))
    withImportMs         = [Math]::Round((Get-Median $samples.imported.WallMs))
    importAddsMs         = Get-Added imported bare WallMs
    importAddsCpuMs      = Get-Added imported bare CpuMs
    emptyModuleAddsMs    = Get-Added empty bare WallMs
    emptyModuleAddsCpuMs = Get-Added empty bare CpuMs
    withOutputAddsMs     = Get-Added importedOutput bareOutput WallMs
    withOutputAddsCpuMs  = Get-Added importedOutput bareOutput CpuMs
}
[pscustomobject]$results.import | Format-Table | Out-Host

# One whole listing by Get-AccessToken in a fresh process, so that its peak memory is the list's
# alone: the time to the first object, the total time, and the peak working set before and after.
# -ThrottleLimit 0 leaves the parameter out, so the module's default applies.
function Measure-FreshListing($Emulator, [int] $Expected, [int] $ThrottleLimit = 0, [string] $ApiVersion = '') {
    $listScript = {
        param($ModulePath, $Url, $ApiToken, $ThrottleLimit, $ApiVersion)
        Import-Module $ModulePath
        $connection = @{ ApiToken = (ConvertTo-SecureString $ApiToken -AsPlainText -Force); BaseUri = $Url }
        if ($ThrottleLimit -gt 0) { $connection.ThrottleLimit = $ThrottleLimit }
        if ($ApiVersion) { $connection.ApiVersion = $ApiVersion }
        $null = Get-AccessToken @connection | Select-Object -First 1
        $process = [Diagnostics.Process]::GetCurrentProcess()
        [GC]::Collect()
        $process.Refresh()
        $before = $process.PeakWorkingSet64
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $firstMs = $null
        $count = 0
        # A dot-sourced process block rather than ForEach-Object: it costs far less per object, so
        # the total is the listing's and not the counting's.
        Get-AccessToken @connection | . {
            process {
                if ($count -eq 0) { $firstMs = $clock.Elapsed.TotalMilliseconds }
                $count++
            }
        }
        $totalMs = $clock.Elapsed.TotalMilliseconds
        $process.Refresh()
        [ordered]@{
            tokens               = $count
            firstObjectMs        = [Math]::Round($firstMs, 1)
            totalMs              = [Math]::Round($totalMs)
            peakWorkingSetMB     = [Math]::Round($process.PeakWorkingSet64 / 1MB, 1)
            peakBeforeListMB     = [Math]::Round($before / 1MB, 1)
        } | ConvertTo-Json -Compress
    }
    $json = & $pwsh -NoProfile -NonInteractive -Command $listScript -args $ModulePath, $Emulator.Url, $Emulator.ApiToken, $ThrottleLimit, $ApiVersion
    if ($LASTEXITCODE -ne 0) { throw "The listing process failed with exit code $LASTEXITCODE`: $json" }
    $list = $json | Select-Object -Last 1 | ConvertFrom-Json
    # A listing that lost pages would look fast.
    if ($list.tokens -ne $Expected) { throw "Get-AccessToken -ThrottleLimit $ThrottleLimit listed $($list.tokens) tokens of $Expected." }
    $list
}

# 4. Listing a large account, in a fresh process so its peak memory is the list's alone: API
# 1.3.7's one answer for the whole list, whose size is measured, read as it arrives.
Write-Host "4. Listing $ListSize tokens" -ForegroundColor Cyan
$emulator = Start-Emulator -SeedCount $ListSize
try {
    $list = Measure-FreshListing $emulator -Expected $ListSize -ApiVersion 1.3.7
    $bodyBytes = (Invoke-WebRequest -Uri "$($emulator.Url)/access-tokens" -Headers @{ Authorization = "Bearer $($emulator.ApiToken)" } -AllowUnencryptedAuthentication).RawContentLength
    $results.list = [ordered]@{
        tokens           = $list.tokens
        responseMB       = [Math]::Round($bodyBytes / 1MB, 1)
        firstObjectMs    = $list.firstObjectMs
        totalMs          = $list.totalMs
        peakWorkingSetMB = $list.peakWorkingSetMB
        peakBeforeListMB = $list.peakBeforeListMB
        listGrowthMB     = [Math]::Round($list.peakWorkingSetMB - $list.peakBeforeListMB, 1)
    }
    [pscustomobject]$results.list | Format-Table | Out-Host
}
finally {
    Stop-Emulator $emulator
}

# The run whose -By is the median (the lower middle of an even count), so that the figures
# reported beside the time are that run's own.
function Select-MedianRun([object[]] $Runs, [string] $By) {
    $sorted = @($Runs | Sort-Object $By)
    $sorted[[Math]::Floor(($sorted.Count - 1) / 2)]
}

$emulator = Start-Emulator -SeedCount $PagedListSize
try {
    $connection = @{ ApiToken = $emulator.SecureApiToken; BaseUri = $emulator.Url }

    # 5. Listing today's paged API, page by page and with pages at once.
    Write-Host "5. Listing $PagedListSize tokens at 50 ms latency, by -ThrottleLimit (median of $PagedListRounds)" -ForegroundColor Cyan
    Set-EmulatorConfig $emulator -Record $true -LatencyMs 50
    # The pages one listing asks for, counted rather than assumed: none would mean the module
    # listed the old unpaged route, and the speed-ups below would mean nothing.
    $null = Get-AccessToken @connection
    $pageRequests = @(Get-EmulatorRequest $emulator | Where-Object { $_.method -eq 'GET' -and $_.path -match '^/me/tokens/?$' }).Count
    if ($pageRequests -lt 2) { throw "Listing $PagedListSize tokens asked for $pageRequests pages of /me/tokens." }
    Set-EmulatorConfig $emulator -Record $false -LatencyMs 50
    # 0 leaves -ThrottleLimit out: the module's default.
    $limits = 1, 0, 8, 16
    $listings = @{}
    foreach ($limit in $limits) { $listings[$limit] = [Collections.Generic.List[object]]::new() }
    for ($round = 0; $round -lt $PagedListRounds; $round++) {
        # Interleaved, so a burst of load elsewhere on the machine touches every row alike.
        foreach ($limit in $limits) { $listings[$limit].Add((Measure-FreshListing $emulator -Expected $PagedListSize -ThrottleLimit $limit)) }
    }
    $pageByPageMs = Get-Median $listings[1].totalMs
    $pagedRows = foreach ($limit in $limits) {
        $totalMs = Get-Median $listings[$limit].totalMs
        [ordered]@{
            throttleLimit    = if ($limit) { $limit } else { 'default' }
            totalMs          = [Math]::Round($totalMs)
            firstObjectMs    = [Math]::Round((Get-Median $listings[$limit].firstObjectMs), 1)
            speedUp          = [Math]::Round($pageByPageMs / $totalMs, 2)
            listGrowthMB     = [Math]::Round((Get-Median ($listings[$limit] | ForEach-Object { $_.peakWorkingSetMB - $_.peakBeforeListMB })), 1)
        }
    }
    $results.pagedList = [ordered]@{
        tokens               = $PagedListSize
        latencyMs            = 50
        pageRequests         = $pageRequests
        rounds               = $PagedListRounds
        rows                 = @($pagedRows)
        atLeast5xFasterAt    = @($pagedRows | Where-Object { $_.throttleLimit -ne 1 -and $_.speedUp -ge 5 } | ForEach-Object { $_.throttleLimit })
    }
    $pagedRows | ForEach-Object { [pscustomobject]$_ } | Format-Table | Out-Host

    # 6. Bulk gets by id under faults and rate limits. Every call passes -ApiToken and -BaseUri
    # rather than using Connect-Losant: a session shares what it learns of a rate limit among its
    # calls, and each measured call must start knowing nothing.
    Write-Host "6. $BulkCalls gets by id at 20 ms latency, under faults and rate limits (median of $BulkRounds)" -ForegroundColor Cyan
    Reset-Emulator $emulator -SeedCount $BulkCalls
    Set-EmulatorConfig $emulator -Record $false -LatencyMs 20
    $bulkIds = 1..$BulkCalls | Get-EmulatorSeedId
    $allowedPerSecond = 200
    # A bucket of 200 ms of the rate: a burst the size a real server might allow.
    $rateLimit = @{ RequestsPerSecond = $allowedPerSecond; Burst = [int]($allowedPerSecond / 5); RetryAfter = 1 }
    $conditions = [ordered]@{
        faultFree              = @{ throttleLimit = 8; label = 'fault-free'; arrange = { } }
        # Three rules, each with its own random source: each fires on 3% of what reaches it.
        faults                 = @{ throttleLimit = 8; label = '3% 500, 3% HTML 502, 3% dropped connections'; arrange = {
                Set-EmulatorFault $emulator -Rule @(
                    @{ kind = '500'; rate = 0.03; seed = 1 }
                    @{ kind = 'html502'; rate = 0.03; seed = 2 }
                    @{ kind = 'drop'; rate = 0.03; seed = 3 })
            }
        }
        rateLimitedWithHeaders = @{ throttleLimit = 16; label = "server allows $allowedPerSecond requests/s, with rate-limit headers"; arrange = { $null = Set-EmulatorRateLimit $emulator @rateLimit -Headers $true } }
    }
    $bulkRuns = @{}
    foreach ($name in $conditions.Keys) { $bulkRuns[$name] = [Collections.Generic.List[object]]::new() }
    for ($round = 0; $round -lt $BulkRounds; $round++) {
        foreach ($name in $conditions.Keys) {
            $condition = $conditions[$name]
            Clear-EmulatorFault $emulator
            $null = Clear-EmulatorRateLimit $emulator
            & $condition.arrange
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $tokens = $bulkIds | Get-AccessToken @connection -ThrottleLimit $condition.throttleLimit -ErrorAction SilentlyContinue -ErrorVariable failed
            $seconds = $clock.Elapsed.TotalSeconds
            # The faults the server really answered with: rules that never fired would make the
            # faulted row a second fault-free one.
            $faultsMet = 0
            foreach ($rule in (Invoke-EmulatorControl $emulator /faults/stats)) { $faultsMet += $rule.fired }
            $run = [pscustomobject]@{ Seconds = $seconds; Objects = @($tokens).Count; Errors = @($failed).Count; FaultsMet = $faultsMet; Allowed = $null; Refused = $null }
            # Each input is an object or an error: anything else is lost work, however fast.
            if ($run.Objects + $run.Errors -ne $BulkCalls) { throw "$name`: $($run.Objects) objects and $($run.Errors) errors for $BulkCalls ids." }
            if ($name -eq 'faults' -and $faultsMet -eq 0) { throw 'The fault rules never fired.' }
            $counts = Get-EmulatorRateLimit $emulator
            if ($counts.enabled) { $run.Allowed = $counts.allowed; $run.Refused = $counts.refused }
            $bulkRuns[$name].Add($run)
        }
    }
    Clear-EmulatorFault $emulator
    $null = Clear-EmulatorRateLimit $emulator
    $faultFreeSeconds = (Select-MedianRun $bulkRuns.faultFree Seconds).Seconds
    $bulkRows = foreach ($name in $conditions.Keys) {
        $run = Select-MedianRun $bulkRuns[$name] Seconds
        $perSecond = $BulkCalls / $run.Seconds
        $limited = $null -ne $run.Allowed
        [ordered]@{
            condition         = $name
            label             = $conditions[$name].label
            throttleLimit     = $conditions[$name].throttleLimit
            seconds           = [Math]::Round($run.Seconds, 2)
            vsFaultFree       = [Math]::Round($run.Seconds / $faultFreeSeconds, 2)
            objects           = $run.Objects
            errors            = $run.Errors
            faultsMet         = $run.FaultsMet
            requestsPerSecond = [Math]::Round($perSecond, 1)
            shareOfAllowed    = if ($limited) { [Math]::Round($perSecond / $allowedPerSecond, 3) } else { $null }
            allowed           = $run.Allowed
            refused           = $run.Refused
            refusedShare      = if ($limited) { [Math]::Round($run.Refused / ($run.Allowed + $run.Refused), 3) } else { $null }
        }
    }
    $results.bulk = [ordered]@{
        calls            = $BulkCalls
        latencyMs        = 20
        allowedPerSecond = $allowedPerSecond
        burst            = $rateLimit.Burst
        retryAfter       = $rateLimit.RetryAfter
        rounds           = $BulkRounds
        rows             = @($bulkRows)
    }
    $bulkRows | ForEach-Object { [pscustomobject]$_ } | Select-Object -ExcludeProperty label | Format-Table | Out-Host
}
finally {
    Stop-Emulator $emulator
}

# 7. Rate limits as runbooks meet them, with an emulator of its own.
Write-Host '7. Rate limits as runbooks meet them' -ForegroundColor Cyan
$results.rateLimits = & (Join-Path $PSScriptRoot 'Measure-RateLimits.ps1') -ModulePath $ModulePath

$seq = $results.sequential
$fastest = $results.throttled | Where-Object throttleLimit -EQ 16
$pagedDefault = $results.pagedList.rows | Where-Object throttleLimit -EQ 'default'
$bulk = @{}
foreach ($row in $results.bulk.rows) { $bulk[$row.condition] = $row }
$goals = [ordered]@{
    perCallWithin1_3xRaw       = $seq.moduleOverRaw -le 1.3
    perCallBelowInvokeRestMethod = $seq.moduleOverInvokeRestMethod -lt 1
    perCallAtMost8KBAllocatedPipeline = $seq.getAccessTokenKBPerCall -le 8
    perCallAtMost8KBAllocatedArray = $seq.getAccessTokenArrayKBPerCall -le 8
    throttle16AtLeast10xFaster = $fastest.getSpeedUp -ge 10 -and $fastest.removeSpeedUp -ge 10
    importAtMost150ms          = $results.import.importInProcessMs -le 150
    listStreams                = $results.list.firstObjectMs -lt ($results.list.totalMs / 10) -and $results.list.listGrowthMB -le 3 * $results.list.responseMB
    pagesInParallelAtLeast5xFaster          = $results.pagedList.atLeast5xFasterAt.Count -gt 0
    pagesInParallelAtLeast5xFasterByDefault = $pagedDefault.speedUp -ge 5
    bulkUnderFaultsAtMost1_5xFaultFree      = $bulk.faults.vsFaultFree -le 1.5
}
foreach ($goal in $results.rateLimits.goals.GetEnumerator()) { $goals["rateLimits.$($goal.Key)"] = $goal.Value }
$results.goals = $goals
$results | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $OutputPath 'results.json')

$m = $results.machine
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
foreach ($row in $results.throttled) {
    $lines += "| $($row.throttleLimit) | $($row.getMs) | $($row.getPerSecond) | $($row.getSpeedUp) | $($row.removeMs) | $($row.removePerSecond) | $($row.removeSpeedUp) |"
}
$lines += @(
    ''
    "## Import: median of $($results.import.runs) fresh processes"
    ''
    "| measured in fresh processes | wall ms | CPU ms |"
    "|---|---:|---:|"
    "| ``Import-Module AccessToken`` itself, timed inside a fresh ``pwsh`` | **$($results.import.importInProcessMs)** | |"
    "| ``Import-Module AccessToken`` adds to a bare ``pwsh`` start ($($results.import.barePwshMs) ms) | $($results.import.importAddsMs) | $($results.import.importAddsCpuMs) |"
    "| importing an empty module with an empty format file adds | $($results.import.emptyModuleAddsMs) | $($results.import.emptyModuleAddsCpuMs) |"
    "| ``Import-Module AccessToken`` adds to a session that formats one output | $($results.import.withOutputAddsMs) | $($results.import.withOutputAddsCpuMs) |"
    ''
    'This pwsh (the dotnet tool package) is not ahead-of-time compiled, so PowerShell compiles its own code at first use: the first command of a session, whatever it is, pays for the command machinery; any module with a format file pays for the formatting machinery at import, and any session pays for it at its first formatted output. The bare-start difference includes both; the in-process time is the import alone.'
    ''
    "## Listing $($results.list.tokens) tokens in one answer of API 1.3.7 ($($results.list.responseMB) MB of JSON)"
    ''
    "first object after $($results.list.firstObjectMs) ms, all after $($results.list.totalMs) ms; peak working set $($results.list.peakWorkingSetMB) MB ($($results.list.listGrowthMB) MB above the peak before the list)."
    ''
    "## Listing $($results.pagedList.tokens) tokens at $($results.pagedList.latencyMs) ms latency: page by page and pages at once"
    ''
    "``Get-AccessToken`` listing today's API (one listing at the default asked for $($results.pagedList.pageRequests) pages) by -ThrottleLimit, each run in a fresh ``pwsh``; each figure the median of $($results.pagedList.rounds) rounds. Growth: the peak working set above the peak before the listing."
    ''
    '| -ThrottleLimit | total ms | first object ms | speed-up vs page by page | at least 5x | growth MB |'
    '|---|---:|---:|---:|---|---:|'
)
foreach ($row in $results.pagedList.rows) {
    $name = switch ($row.throttleLimit) { 1 { '1 (page by page)' } 'default' { 'not given (the default)' } default { $_ } }
    $fiveTimes = if ($row.throttleLimit -eq 1) { '' } else { $row.speedUp -ge 5 }
    $lines += "| $name | $($row.totalMs) | $($row.firstObjectMs) | $($row.speedUp) | $fiveTimes | $($row.listGrowthMB) |"
}
$lines += @(
    ''
    "## Bulk: $($results.bulk.calls) gets by id at $($results.bulk.latencyMs) ms latency, under faults and rate limits"
    ''
    "``Get-AccessToken`` with piped ids, each call with its own ``-ApiToken`` and ``-BaseUri`` so that none inherits what another learned of the rate limit. Rate-limited rows: a token bucket of $($results.bulk.allowedPerSecond) requests a second, burst $($results.bulk.burst), ``Retry-After: $($results.bulk.retryAfter)``; requests per second is the $($results.bulk.calls) gets over the seconds, share of allowed that over $($results.bulk.allowedPerSecond), refused the emulator's refused requests over all it saw (count and share). Faults met: the answers the emulator's fault rules made. Each row is its run with the median time of $($results.bulk.rounds) rounds."
    ''
    '| condition | -ThrottleLimit | seconds | vs fault-free | objects | errors | faults met | requests per second | share of allowed | refused |'
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
)
foreach ($row in $results.bulk.rows) {
    $lines += "| $($row.label) | $($row.throttleLimit) | $($row.seconds) | $($row.vsFaultFree) | $($row.objects) | $($row.errors) | $($row.faultsMet) | $($row.requestsPerSecond) | $($row.shareOfAllowed) | $(if ($null -ne $row.refusedShare) { "$($row.refused) ($($row.refusedShare))" }) |"
}
$lines += @('') + @(Format-RateLimits $results.rateLimits)
$lines += @(
    ''
    '## Goals'
    ''
    '| goal | met |'
    '|---|---|'
)
foreach ($goal in $goals.GetEnumerator()) { $lines += "| $($goal.Key) | $($goal.Value) |" }
$lines | Set-Content (Join-Path $OutputPath 'results.md')
Get-Content (Join-Path $OutputPath 'results.md') | Out-Host
