# Section 6 of the benchmark: bulk gets by id when the server fails some requests or limits their
# rate, beside the same gets fault-free.

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Measurement.psm1')

function Measure-BulkUnderFaults {
    <# -BulkCalls gets by id at 20 ms latency, fault-free, under faults and under a rate limit; each row the median of -BulkRounds. #>
    param($Emulator, [int] $BulkCalls, [int] $BulkRounds)
    $connection = @{ ApiToken = $Emulator.SecureApiToken; BaseUri = $Emulator.Url }

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
    $bulk = [ordered]@{
        calls            = $BulkCalls
        latencyMs        = 20
        allowedPerSecond = $allowedPerSecond
        burst            = $rateLimit.Burst
        retryAfter       = $rateLimit.RetryAfter
        rounds           = $BulkRounds
        rows             = @($bulkRows)
    }
    $bulkRows | ForEach-Object { [pscustomobject]$_ } | Select-Object -ExcludeProperty label | Format-Table | Out-Host
    $bulk
}

Export-ModuleMember -Function Measure-BulkUnderFaults
