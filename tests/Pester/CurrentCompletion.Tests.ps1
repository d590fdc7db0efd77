# Tab completion under today's API, as PowerShell's own completion (TabExpansion2) offers it:
# scope names for -Scope, application ids from GET /applications (cached), and token ids and
# names of the owner on the command line.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
    $script:Fleet = Get-EmulatorSeedId 1 -Kind Application
    $script:Scopes = Join-Path $PSScriptRoot '../../src/AccessToken/Completion/Scopes'

    function Get-Path { @(Get-EmulatorRequest $script:Emulator | ForEach-Object path) }

    function Get-ScopeList([string] $Kind) { @(Get-Content (Join-Path $script:Scopes "$Kind-token.txt") | Where-Object { $_.Trim() }) }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Completion of scope names' {
    BeforeAll { Reset-Emulator $script:Emulator }

    It 'Offers_every_scope_of_user_tokens_in_the_API_order_without_ApplicationId' {
        $results = @(Get-CompletionMatch 'New-AccessToken -Name x -Scope ')

        $results.CompletionText | Should -Be (Get-ScopeList user)
        $results.Count | Should -Be 500
        $results.CompletionText | Should -Contain 'all.Application.cli'
        $results.CompletionText | Should -Contain 'applicationKeys.*'
        $results[0].ResultType | Should -Be 'ParameterValue'
    }

    It 'Offers_every_scope_of_application_tokens_with_ApplicationId' {
        $results = @(Get-CompletionMatch "New-AccessToken -ApplicationId $script:Fleet -Name x -Scope ")

        $results.CompletionText | Should -Be (Get-ScopeList application)
        $results.Count | Should -Be 254
        $results.CompletionText | Should -Not -Contain 'all.Application.cli'
        $results.CompletionText | Should -Contain 'applicationKeys.*'
    }

    It 'Offers_the_scopes_that_start_with_the_typed_text <Case>' -ForEach @(
        @{ Case = 'for a user token'; Line = 'New-AccessToken x -Scope ALL.APPLICATION.c'; Expected = @('all.Application.cli') }
        @{ Case = 'for an application token'; Line = 'New-AccessToken x -ApplicationId 5b0000000000000000000001 -Scope all.Application.c'; Expected = @() }
        @{ Case = 'after a comma'; Line = 'New-AccessToken x -ApplicationId 5b0000000000000000000001 -Scope all.Device, applicationKeys.*'; Expected = @('applicationKeys.*') }
    ) {
        @(Get-CompletionMatch $Line).CompletionText | Should -Be $Expected
    }

    It 'Quotes_the_scope_when_the_typed_text_is_quoted' {
        @(Get-CompletionMatch "New-AccessToken x -Scope 'all.Application.c").CompletionText | Should -Be @("'all.Application.cli'")
    }

    It 'Sends_no_request' {
        $null = Get-CompletionMatch 'New-AccessToken -Name x -Scope '

        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }
}

Describe 'Completion of application ids' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-CurrentApi $script:Emulator
    }

    It 'Completes_every_application_id_with_its_name_in_the_list_text' {
        $results = @(Get-CompletionMatch 'Get-AccessToken -ApplicationId ')

        # GET /applications lists by name: Empty Sandbox, Fleet Monitor, Greenhouse Sensors.
        $results.CompletionText | Should -Be @((Get-EmulatorSeedId 3 -Kind Application), $script:Fleet, (Get-EmulatorSeedId 2 -Kind Application))
        $fleet = $results | Where-Object CompletionText -EQ $script:Fleet
        $fleet.ListItemText | Should -Match 'Fleet Monitor'
        $fleet.ToolTip | Should -Match 'Fleet Monitor'
        $fleet.ResultType | Should -Be 'ParameterValue'
        $requests = @(Get-EmulatorRequest $script:Emulator)
        $requests.Count | Should -Be 1
        $requests[0].path | Should -Be '/applications'
        $requests[0].query | Should -Match '[?&]page=0&perPage=100'
    }

    It 'Completes_the_id_of_an_application_whose_name_or_id_starts_with_the_typed_text <Typed>' -ForEach @(
        @{ Typed = 'fleet' }
        @{ Typed = "'Fleet M" }
        @{ Typed = '5B0000000000000000000001' }
    ) {
        @(Get-CompletionMatch "Remove-AccessToken -ApplicationId $Typed").CompletionText | Should -Be @('5b0000000000000000000001')
    }

    It 'Second_completion_sends_no_request' {
        @(Get-CompletionMatch 'Get-AccessToken -ApplicationId ').Count | Should -Be 3
        @(Get-CompletionMatch 'Set-AccessToken -ApplicationId gr').Count | Should -Be 1
        @(Get-CompletionMatch 'New-AccessToken -ApplicationId ').Count | Should -Be 3

        Get-Path | Should -Be @('/applications')
    }

    It 'Reads_every_page_of_a_long_list_of_applications' {
        $null = Set-EmulatorApplication $script:Emulator -Count 230

        $results = @(Get-CompletionMatch 'Get-AccessToken -ApplicationId ')

        $results.Count | Should -Be 230
        $results[-1].ListItemText | Should -Match 'Application 00230'
        @(Get-ListRequest $script:Emulator -Path /applications).Page | Sort-Object | Should -Be @(0, 1, 2)
    }

    It 'Completes_nothing_and_sends_nothing_under_API_1_3_7' {
        @(Get-CompletionMatch 'Get-AccessToken -ApiVersion 1.3.7 -ApplicationId ').Count | Should -Be 0

        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Completes_nothing_and_writes_no_error_when_the_API_fails' {
        Set-EmulatorFault $script:Emulator @{ path = '^/applications$'; kind = 'status'; status = 500 }
        $Error.Clear()

        @(Get-CompletionMatch 'Get-AccessToken -ApplicationId ').Count | Should -Be 0

        $Error.Count | Should -Be 0
        Get-Path | Should -Be @('/applications')
    }
}

Describe 'Completion of token ids and names of an owner' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-CurrentApi $script:Emulator
    }

    It 'Offers_the_tokens_of_the_application_on_the_command_line' {
        $results = @(Get-CompletionMatch "Get-AccessToken -ApplicationId $script:Fleet -Id ")

        $results.CompletionText | Should -Be @(1..3 | Get-EmulatorSeedId -Kind ApplicationToken -Owner 1)
        ($results | Where-Object CompletionText -EQ '5c0000000001000000000002').ListItemText | Should -Match 'Device provisioning'
        Get-Path | Should -Be @("/applications/$script:Fleet/tokens")
    }

    It 'Offers_the_tokens_of_the_instance_on_the_command_line' {
        @(Get-CompletionMatch 'Remove-AccessToken -InstanceId 5d0000000000000000000001 -Id ').CompletionText |
            Should -Be @('5e0000000001000000000002', '5e0000000001000000000001')
        Get-Path | Should -Be @('/instances/5d0000000000000000000001/tokens')
    }

    It 'Offers_the_caller_tokens_from_me_tokens_without_an_owner' {
        @(Get-CompletionMatch 'Set-AccessToken -Id ').Count | Should -Be 5

        Get-Path | Should -Be @('/me/tokens')
    }

    It 'Offers_the_application_token_names_for_Name' {
        @(Get-CompletionMatch "Get-AccessToken -ApplicationId $script:Fleet -Name d").CompletionText | Should -Be @("'Dashboard kiosk'", "'Device provisioning'")
    }

    It 'Keeps_a_list_per_owner <Case>' -ForEach @(
        @{ Case = 'the same application twice'; Second = '5b0000000000000000000001'; Paths = @('/applications/5b0000000000000000000001/tokens') }
        @{ Case = 'another application'; Second = '5b0000000000000000000002'; Paths = @('/applications/5b0000000000000000000001/tokens', '/applications/5b0000000000000000000002/tokens') }
    ) {
        $null = Get-CompletionMatch "Get-AccessToken -ApplicationId $script:Fleet -Id "
        $second = @(Get-CompletionMatch "Get-AccessToken -ApplicationId $Second -Name ")

        $second.Count | Should -BeGreaterThan 0
        Get-Path | Should -Be $Paths
    }

    It 'Offers_nothing_for_an_owner_that_is_not_an_id' {
        @(Get-CompletionMatch 'Get-AccessToken -ApplicationId nope -Id ').Count | Should -Be 0

        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Offers_nothing_for_owners_the_cmdlet_refuses <Case>' -ForEach @(
        @{ Case = 'an application and an instance'; Line = 'Get-AccessToken -ApplicationId 5b0000000000000000000001 -InstanceId 5d0000000000000000000001 -Id ' }
        @{ Case = 'an application id that is not one beside a valid instance'; Line = 'Remove-AccessToken -ApplicationId nope -InstanceId 5d0000000000000000000001 -Id ' }
    ) {
        # Completion decides the owner as the cmdlet does: a line the cmdlet would refuse lists no one's tokens.
        @(Get-CompletionMatch $Line).Count | Should -Be 0

        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }
}
