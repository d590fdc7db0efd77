# Section 2 of the benchmark: piped gets and removals under latency, by -ThrottleLimit, and the
# speed-up of each limit over one request at a time.

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Measurement.psm1')

function Measure-ThrottledPipeline {
    <# Gets and removes the same ids at 50 ms latency at -ThrottleLimit 1, 4, 16 and 64; one row per limit. #>
    param($Emulator, [int] $ThrottledCalls)
    $connection = @{ ApiToken = $Emulator.SecureApiToken; BaseUri = $Emulator.Url }
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
    $throttled | ForEach-Object { [pscustomobject]$_ } | Format-Table | Out-Host
    , $throttled
}

Export-ModuleMember -Function Measure-ThrottledPipeline
