# Sections 4 and 5 of the benchmark: listing a large account, each listing in a fresh pwsh so
# that its peak memory is the list's alone. API 1.3.7's one answer for the whole list, and
# today's paged API page by page and with pages at once.

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Measurement.psm1')

# A fresh process of this PowerShell for each measurement, so that nothing run before counts.
$pwsh = Join-Path $PSHOME 'pwsh'

# One whole listing by Get-AccessToken in a fresh process, so that its peak memory is the list's
# alone: the time to the first object, the total time, and the peak working set before and after.
# -ThrottleLimit 0 leaves the parameter out, so the module's default applies.
function Measure-FreshListing($Emulator, [string] $ModulePath, [int] $Expected, [int] $ThrottleLimit = 0, [string] $ApiVersion = '') {
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

function Measure-LargeListing {
    <# One listing of the emulator's -ListSize tokens in API 1.3.7's one answer, and the size of that answer. #>
    param($Emulator, [string] $ModulePath, [int] $ListSize)
    # 4. Listing a large account, in a fresh process so its peak memory is the list's alone: API
    # 1.3.7's one answer for the whole list, whose size is measured, read as it arrives.
    Write-Host "4. Listing $ListSize tokens" -ForegroundColor Cyan
    $list = Measure-FreshListing $emulator -ModulePath $ModulePath -Expected $ListSize -ApiVersion 1.3.7
    $bodyBytes = (Invoke-WebRequest -Uri "$($emulator.Url)/access-tokens" -Headers @{ Authorization = "Bearer $($emulator.ApiToken)" } -AllowUnencryptedAuthentication).RawContentLength
    $largeList = [ordered]@{
        tokens           = $list.tokens
        responseMB       = [Math]::Round($bodyBytes / 1MB, 1)
        firstObjectMs    = $list.firstObjectMs
        totalMs          = $list.totalMs
        peakWorkingSetMB = $list.peakWorkingSetMB
        peakBeforeListMB = $list.peakBeforeListMB
        listGrowthMB     = [Math]::Round($list.peakWorkingSetMB - $list.peakBeforeListMB, 1)
    }
    [pscustomobject]$largeList | Format-Table | Out-Host
    $largeList
}

function Measure-PagedListing {
    <# Listings of the emulator's -PagedListSize tokens at 50 ms latency by -ThrottleLimit, each the median of -PagedListRounds. #>
    param($Emulator, [string] $ModulePath, [int] $PagedListSize, [int] $PagedListRounds)
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
        foreach ($limit in $limits) { $listings[$limit].Add((Measure-FreshListing $emulator -ModulePath $ModulePath -Expected $PagedListSize -ThrottleLimit $limit)) }
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
    $pagedList = [ordered]@{
        tokens               = $PagedListSize
        latencyMs            = 50
        pageRequests         = $pageRequests
        rounds               = $PagedListRounds
        rows                 = @($pagedRows)
        atLeast5xFasterAt    = @($pagedRows | Where-Object { $_.throttleLimit -ne 1 -and $_.speedUp -ge 5 } | ForEach-Object { $_.throttleLimit })
    }
    $pagedRows | ForEach-Object { [pscustomobject]$_ } | Format-Table | Out-Host
    $pagedList
}

Export-ModuleMember -Function Measure-LargeListing, Measure-PagedListing
