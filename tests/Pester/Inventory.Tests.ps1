# Get-AccessToken -AllApplications: every application's tokens in application order, several
# applications at once, filters, one failing application, what it refuses, its progress, and an
# inventory that Export-Csv writes in readable columns.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
    $script:Fleet = Get-EmulatorSeedId 1 -Kind Application
    $script:Greenhouse = Get-EmulatorSeedId 2 -Kind Application
    $script:Empty = Get-EmulatorSeedId 3 -Kind Application

    # The application whose tokens a recorded request lists, in arrival order.
    function Get-ListedApplication {
        @(Get-EmulatorRequest $script:Emulator | Where-Object path -Match '^/applications/(\w{24})/tokens$' | ForEach-Object { $Matches[1] })
    }

    # What generated applications First..Last hold, as 'application id/token id', in listing order.
    function Get-GeneratedInventory([int] $First, [int] $Last, [int] $TokensEach) {
        foreach ($application in $First..$Last) {
            foreach ($token in 1..$TokensEach) { "$(Get-EmulatorSeedId $application -Kind Application)/$(Get-EmulatorSeedId $token -Kind ApplicationToken -Owner $application)" }
        }
    }

}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Listing every application' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Lists_applications_then_their_tokens_in_application_order_with_id_and_name' {
        $tokens = @(Get-AccessToken -AllApplications)

        $tokens.Name | Should -Be @('Dashboard kiosk', 'Device provisioning', 'Legacy webhook', 'Sensor ingest')
        $tokens.ApplicationId | Should -Be @($script:Fleet, $script:Fleet, $script:Fleet, $script:Greenhouse)
        $tokens.ApplicationName | Should -Be @('Fleet Monitor', 'Fleet Monitor', 'Fleet Monitor', 'Greenhouse Sensors')
        $requests = @(Get-EmulatorRequest $script:Emulator)
        "$($requests[0].method) $($requests[0].path)$($requests[0].query)" | Should -BeExactly "GET /applications$FirstPageQuery"
        # By name: Empty Sandbox, Fleet Monitor, Greenhouse Sensors; each listed once, the empty one too.
        Get-ListedApplication | Sort-Object | Should -Be @($script:Fleet, $script:Greenhouse, $script:Empty)
        $requests.Count | Should -Be 4
    }

    It 'Reads_every_page_of_applications_and_keeps_their_order' {
        $null = Set-EmulatorApplication $script:Emulator -Count 230 -TokensEach 2

        $tokens = @(Get-AccessToken -AllApplications)

        @($tokens | ForEach-Object { "$($_.ApplicationId)/$($_.Id)" }) | Should -Be @(Get-GeneratedInventory 1 230 2)
        $tokens[-1].ApplicationName | Should -Be 'Application 00230'
        @(Get-ListRequest $script:Emulator -Path /applications).Page | Sort-Object | Should -Be @(0, 1, 2)
        (Get-ListedApplication).Count | Should -Be 230
    }

    It 'Keeps_application_order_when_an_early_application_answers_last' {
        $null = Set-EmulatorApplication $script:Emulator -Count 6 -TokensEach 3
        Set-EmulatorFault $script:Emulator @{ path = "^/applications/$(Get-EmulatorSeedId 1 -Kind Application)/tokens$"; kind = 'latency'; latencyMs = 700 }

        $tokens = @(Get-AccessToken -AllApplications)

        @($tokens | ForEach-Object { "$($_.ApplicationId)/$($_.Id)" }) | Should -Be @(Get-GeneratedInventory 1 6 3)
    }

    It 'Name_and_Status_filter_every_application <Given>' -ForEach @(
        @{ Given = '-Name d*'; Arguments = @{ Name = 'd*' }; Names = @('Dashboard kiosk', 'Device provisioning'); Filter = '&filterField=name&filter=d%2A' }
        @{ Given = '-Status Inactive'; Arguments = @{ Status = 'Inactive' }; Names = @('Legacy webhook'); Filter = '&filterField=status&filter=inactive' }
        @{ Given = '-Name *e* -Status Active'; Arguments = @{ Name = '*e*'; Status = 'Active' }; Names = @('Device provisioning', 'Sensor ingest'); Filter = '&filterField=name&filter=%2Ae%2A' }
    ) {
        $tokens = @(Get-AccessToken -AllApplications @Arguments)

        $tokens.Name | Should -Be $Names
        $listings = @(Get-EmulatorRequest $script:Emulator | Where-Object path -Match '/tokens$')
        $listings.Count | Should -Be 3
        foreach ($listing in $listings) { $listing.query | Should -BeExactly "$FirstPageQuery$Filter" }
        # The list of applications itself is never filtered.
        (Get-ListRequest $script:Emulator -Path /applications).query | Should -BeExactly $FirstPageQuery
    }

    It 'A_name_without_wildcards_is_found_in_any_application_or_is_one_AccessTokenNotFound' {
        $output = @(Get-AccessToken -AllApplications -Name 'SENSOR INGEST', 'Nowhere' -ErrorAction Continue 2>&1)

        $output.Count | Should -Be 2
        $output[0].Name | Should -Be 'Sensor ingest'
        $output[0].ApplicationName | Should -Be 'Greenhouse Sensors'
        $output[1].FullyQualifiedErrorId | Should -BeLike 'AccessTokenNotFound,*'
        $output[1].TargetObject | Should -Be 'Nowhere'
    }

    It 'Tokens_of_the_inventory_piped_back_are_fetched_from_their_application' {
        $listed = @(Get-AccessToken -AllApplications)
        Clear-EmulatorRequest $script:Emulator

        $fetched = @($listed | Get-AccessToken)

        $fetched.Id | Should -Be $listed.Id
        @(Get-EmulatorRequest $script:Emulator).path | Should -Be @($listed | ForEach-Object { "/applications/$($_.ApplicationId)/tokens/$($_.Id)" })
    }
}

Describe 'Applications in flight' {
    BeforeEach { $null = Set-EmulatorApplication $script:Emulator -Count 12 -TokensEach 2 }
    AfterEach { Reset-Emulator $script:Emulator }

    # The first application never answers. It holds one request slot while the other slots go on
    # through the applications behind it (it holds up none of them), and at no moment are more
    # than the limit of requests on the wire: each takes 300 ms at the emulator, so the requests
    # that arrived within 300 ms of one another were on the wire together.
    It 'With_<Given>_keeps_at_most_<Expected>_applications_on_the_wire_and_a_hung_one_holds_up_no_other' -ForEach @(
        @{ Given = 'no ThrottleLimit'; Arguments = ''; Expected = 8 }
        @{ Given = 'ThrottleLimit 2'; Arguments = '-ThrottleLimit 2'; Expected = 2 }
        @{ Given = 'ThrottleLimit 7'; Arguments = '-ThrottleLimit 7'; Expected = 7 }
    ) {
        Clear-EmulatorRequest $script:Emulator
        Set-EmulatorConfig $script:Emulator -LatencyMs 300
        Set-EmulatorFault $script:Emulator @{ path = "^/applications/$(Get-EmulatorSeedId 1 -Kind Application)/tokens$"; kind = 'hang' }

        # 1 + the 11 others (12 applications in all), each listed while the first still hangs.
        Wait-RunspaceStall $script:Emulator "Get-AccessToken -AllApplications $Arguments" -Count 13 -SettleMs 400

        Set-EmulatorConfig $script:Emulator -LatencyMs 0
        Get-ListedApplication | Sort-Object -Unique | Should -Be @(1..12 | Get-EmulatorSeedId -Kind Application)
        $arrivals = @(Get-EmulatorRequest $script:Emulator | Where-Object path -Match '^/applications/\w{24}/tokens$' |
                Where-Object path -NotMatch (Get-EmulatorSeedId 1 -Kind Application) | ForEach-Object { [DateTimeOffset]$_.receivedAt })
        $mostAtOnce = ($arrivals | ForEach-Object {
                $at = $_
                @($arrivals | Where-Object { $_ -le $at -and $_ -gt $at.AddMilliseconds(-280) }).Count
            } | Measure-Object -Maximum).Maximum
        # The hung first application holds one slot throughout.
        $mostAtOnce + 1 | Should -BeLessOrEqual $Expected
        $mostAtOnce + 1 | Should -Be $Expected -Because 'the free slots are used'
    }

    It 'With_ThrottleLimit_1_lists_one_application_at_a_time_and_waits_for_a_hung_one' {
        Clear-EmulatorRequest $script:Emulator
        Set-EmulatorFault $script:Emulator @{ path = "^/applications/$(Get-EmulatorSeedId 1 -Kind Application)/tokens$"; kind = 'hang' }

        Wait-RunspaceStall $script:Emulator 'Get-AccessToken -AllApplications -ThrottleLimit 1' -Count 2

        Get-ListedApplication | Should -Be @(Get-EmulatorSeedId 1 -Kind Application)
    }

    It 'Stop_ends_the_inventory_within_one_second' {
        Clear-EmulatorRequest $script:Emulator
        Set-EmulatorFault $script:Emulator @{ path = '^/applications/\w{24}/tokens$'; kind = 'hang' }

        $elapsed = Measure-RunspaceStop $script:Emulator 'Get-AccessToken -AllApplications' -Count 5

        $elapsed.TotalSeconds | Should -BeLessThan 1
    }
}

Describe 'An application that fails' {
    BeforeEach { $null = Set-EmulatorApplication $script:Emulator -Count 5 -TokensEach 2 }
    AfterEach { Reset-Emulator $script:Emulator }

    It 'Gives_one_error_naming_it_in_its_place_and_the_others_are_listed' {
        $failing = Get-EmulatorSeedId 3 -Kind Application
        Set-EmulatorFault $script:Emulator @{ path = "^/applications/$failing/tokens$"; kind = 'status'; status = 500 }

        $output = @(Get-AccessToken -AllApplications -MaxRetries 0 -ErrorAction Continue 2>&1)

        $output.Count | Should -Be 9
        $output[4] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $output[4].TargetObject | Should -BeExactly $failing
        $output[4].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        "$($output[4])" | Should -Match "Application 00003"
        $tokens = @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        @($tokens | ForEach-Object { "$($_.ApplicationId)/$($_.Id)" }) | Should -Be @(@(Get-GeneratedInventory 1 2 2) + @(Get-GeneratedInventory 4 5 2))
    }

    It 'A_failing_list_of_applications_is_one_error_and_lists_nothing' {
        Set-EmulatorFault $script:Emulator @{ path = '^/applications$'; kind = 'status'; status = 403 }

        $output = @(Get-AccessToken -AllApplications -ErrorAction Continue 2>&1)

        $output.Count | Should -Be 1
        $output[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        Get-ListedApplication | Should -BeNullOrEmpty
    }
}

Describe 'What -AllApplications refuses' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Refuses_<Given>_with_<ErrorId>_before_any_request' -ForEach @(
        @{ Given = '-ApiVersion 1.3.7'; Arguments = @{ ApiVersion = '1.3.7' }; ErrorId = 'NotSupportedByApiVersion' }
        @{ Given = '-ApplicationId'; Arguments = @{ ApplicationId = '5b0000000000000000000001' }; ErrorId = 'AllApplicationsWithOwner' }
        @{ Given = '-InstanceId'; Arguments = @{ InstanceId = '5d0000000000000000000001' }; ErrorId = 'AllApplicationsWithOwner' }
    ) {
        $failures = @(Get-ErrorRecord { Get-AccessToken -AllApplications @Arguments })

        Assert-Refused $failures -ErrorId $ErrorId -Cmdlet Get-AccessToken
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Does_not_take_ids' {
        { Get-AccessToken -AllApplications -Id 5c0000000001000000000001 } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }
}

Describe 'Progress of the inventory' {
    It 'Reports_each_application_done_of_the_total_then_completes' {
        $null = Set-EmulatorApplication $script:Emulator -Count 5 -TokensEach 1

        $run = Invoke-CmdletRunspace 'Get-AccessToken -AllApplications'

        $run.Output.Count | Should -Be 5
        $records = $run.Progress
        $records.Count | Should -Be 6
        $records[0..4].StatusDescription | Should -Be @(1..5 | ForEach-Object { "$_ of 5 applications" })
        $records[0..4].PercentComplete | Should -Be @(20, 40, 60, 80, 100)
        $records[0].Activity | Should -Be 'Listing the tokens of every application'
        $records[5].RecordType | Should -Be 'Completed'
        @($records.ActivityId | Select-Object -Unique).Count | Should -Be 1
    }
}

Describe 'The inventory in a CSV file' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        # Several scopes, and roles, which only a patch gives an application token.
        $null = Invoke-EmulatorApi $script:Emulator -Method Post -Path "/applications/$script:Greenhouse/tokens" -Body @{ name = 'Two scopes'; scope = @('devices.get', 'devices.state'); description = 'Reads, "quoted", and more' }
        $null = Invoke-EmulatorApi $script:Emulator -Method Patch -Path "/applications/$script:Fleet/tokens/5c0000000001000000000001" -Body @{
            defaultRole = 'view'; orgRoles = @(@{ orgId = 'sandbox'; role = 'edit'; applicationRoles = @(@{ resourceId = $script:Fleet; role = 'view' }) })
        }
        $script:Tokens = @(Get-AccessToken -AllApplications)
        $script:CsvPath = Join-Path $TestDrive 'inventory.csv'
        $script:Tokens | Export-Csv -Path $script:CsvPath
        $script:Text = Get-Content $script:CsvPath -Raw
        $script:Rows = @(Import-Csv $script:CsvPath)
    }

    It 'Writes_one_row_per_token_with_the_application_columns' {
        $script:Rows.Count | Should -Be 5
        $script:Rows.ApplicationName | Should -Be @('Fleet Monitor', 'Fleet Monitor', 'Fleet Monitor', 'Greenhouse Sensors', 'Greenhouse Sensors')
        $script:Rows.ApplicationId | Should -Be @($script:Fleet, $script:Fleet, $script:Fleet, $script:Greenhouse, $script:Greenhouse)
        $script:Rows[0].PSObject.Properties.Name | Should -Contain 'Description'
        $script:Rows[0].PSObject.Properties.Name | Should -Contain 'Scope'
    }

    It 'Writes_scopes_as_a_comma_separated_list' {
        ($script:Rows | Where-Object Name -EQ 'Two scopes').Scope | Should -BeExactly 'devices.get, devices.state'
        ($script:Rows | Where-Object Name -EQ 'Dashboard kiosk').Scope | Should -BeExactly 'all.Application.read'
        ($script:Rows | Where-Object Name -EQ 'Two scopes').Description | Should -BeExactly 'Reads, "quoted", and more'
    }

    It 'Writes_org_roles_as_text' {
        # The organization and its role, then the roles on its single applications, in one cell.
        ($script:Rows | Where-Object Name -EQ 'Dashboard kiosk').OrgRoles | Should -BeExactly "sandbox: edit (application $($script:Fleet): view)"
        ($script:Rows | Where-Object Name -EQ 'Dashboard kiosk').DefaultRole | Should -BeExactly 'view'
        ($script:Rows | Where-Object Name -EQ 'Sensor ingest').OrgRoles | Should -BeExactly ''
    }

    It 'Writes_AdditionalProperties_as_JSON' {
        foreach ($row in $script:Rows) {
            $fields = $row.AdditionalProperties | ConvertFrom-Json
            $fields._type | Should -Be 'apiToken'
            $fields._links.self.href | Should -BeExactly "/applications/$($row.ApplicationId)/tokens/$($row.Id)"
        }
    }

    It 'Writes_no_type_name_anywhere' {
        $script:Text | Should -Not -Match 'System\.|Losant\.|\[\]|Collections|Dictionary|SecureString'
    }

    It 'Writes_no_secret_and_an_empty_Token_column' {
        foreach ($row in $script:Rows) { $row.Token | Should -BeExactly '' }
    }
}
