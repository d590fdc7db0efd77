# Get-AccessToken under API 1.3.7, the seed's contract (/access-tokens): listing, filtering by name, getting by id from parameters and the pipeline,
# the query flags and headers on the wire, and the typed objects it emits.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7'

}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Get-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    Context 'Listing' {
        It 'Without_an_id_lists_every_token_with_one_GET_of_the_collection' {
            $tokens = @(Get-AccessToken)

            $tokens.Id | Should -Be @('5a0000000000000000000001', '5a0000000000000000000002', '5a0000000000000000000003',
                '5a0000000000000000000004', '5a0000000000000000000005')
            $requests = @(Get-EmulatorRequest $script:Emulator)
            $requests.Count | Should -Be 1
            $requests[0].method | Should -Be 'GET'
            $requests[0].path | Should -Be '/access-tokens'
        }

        It 'Name_filters_with_case_insensitive_wildcards' {
            $tokens = @(Get-AccessToken -Name 'd*')

            $tokens.Name | Should -Be @('Deploy pipeline', 'Dashboard viewer')
        }

        It 'Name_without_wildcards_matches_the_whole_name_in_any_case' {
            $tokens = @(Get-AccessToken -Name 'BACKUP JOB')

            $tokens.Name | Should -Be @('Backup job')
        }

        It 'Several_names_return_each_matching_token_once_in_list_order' {
            $tokens = @(Get-AccessToken -Name 'Old integration', '*reader', '*o*')

            $tokens.Name | Should -Be @('Fleet telemetry reader', 'Deploy pipeline', 'Old integration', 'Dashboard viewer', 'Backup job')
        }

        It 'A_name_without_wildcards_that_matches_nothing_is_an_ObjectNotFound_error' {
            # 'Backup' is only the start of a name: without a wildcard it matches no token.
            $tokens = @(Get-AccessToken -Name 'Backup', 'Deploy pipeline' -ErrorVariable failures -ErrorAction SilentlyContinue)

            $tokens.Name | Should -Be @('Deploy pipeline')
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AccessTokenNotFound,Losant.AccessTokens.Commands.GetAccessTokenCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -Be 'Backup'
        }

        It 'A_wildcard_that_matches_nothing_returns_nothing_and_no_error' {
            $tokens = @(Get-AccessToken -Name 'zz*' -ErrorVariable failures)

            $tokens.Count | Should -Be 0
            $failures.Count | Should -Be 0
        }

        It 'Objects_stream_so_Select_Object_First_stops_the_listing_early' {
            $first = @(Get-AccessToken -ErrorVariable failures | Select-Object -First 1)

            $first.Count | Should -Be 1
            $first[0].Id | Should -Be $FirstId
            $failures.Count | Should -Be 0
        }
    }

    Context 'By id' {
        It 'The_id_is_positional_and_fetched_with_GET_of_the_item' {
            $token = Get-AccessToken $SecondId

            $token.Id | Should -Be $SecondId
            $token.Name | Should -Be 'Deploy pipeline'
            $requests = @(Get-EmulatorRequest $script:Emulator)
            $requests.Count | Should -Be 1
            $requests[0].method | Should -Be 'GET'
            $requests[0].path | Should -Be "/access-tokens/$SecondId"
        }

        It 'Id_is_an_alias_of_AccessTokenId_and_takes_several_ids_in_order' {
            $tokens = @(Get-AccessToken -Id $ThirdId, $FirstId)

            $tokens.Id | Should -Be @($ThirdId, $FirstId)
            (Get-EmulatorRequest $script:Emulator).path | Should -Be @("/access-tokens/$ThirdId", "/access-tokens/$FirstId")
        }

        It 'Strings_from_the_pipeline_bind_by_value' {
            $tokens = @($SecondId, $ThirdId | Get-AccessToken)

            $tokens.Id | Should -Be @($SecondId, $ThirdId)
        }

        It 'Objects_with_an_Id_property_bind_by_property_name' {
            $tokens = @([pscustomobject]@{ Id = $ThirdId; Name = 'ignored' } | Get-AccessToken)

            $tokens.Id | Should -Be @($ThirdId)
            (Get-EmulatorRequest $script:Emulator).path | Should -Be "/access-tokens/$ThirdId"
        }

        It 'Tokens_from_Get_AccessToken_piped_back_in_are_fetched_by_their_id' {
            $tokens = @(Get-AccessToken -Name 'Deploy pipeline' | Get-AccessToken -ErrorVariable failures)

            $failures.Count | Should -Be 0
            $tokens.Id | Should -Be @($SecondId)
            (Get-EmulatorRequest $script:Emulator).path | Should -Be @('/access-tokens', "/access-tokens/$SecondId")
        }

        It 'An_invalid_id <Case> is refused before any request' -ForEach @(
            @{ Case = 'of 23 characters'; BadId = '5a000000000000000000001' }
            @{ Case = 'of 25 characters'; BadId = '5a00000000000000000000001' }
            @{ Case = 'with a non-hex character'; BadId = '5a000000000000000000000g' }
            @{ Case = 'with a path separator'; BadId = '5a0000000000000000000/01' }
        ) {
            $tokens = @(Get-AccessToken -Id $BadId -ErrorVariable failures -ErrorAction SilentlyContinue)

            $tokens.Count | Should -Be 0
            Assert-Refused $failures -ErrorId InvalidAccessTokenId -Cmdlet Get-AccessToken -Target $BadId
            @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
        }

        It 'An_invalid_id_among_valid_ones_fails_alone_and_the_others_are_fetched' {
            $tokens = @(Get-AccessToken -Id $FirstId, 'not-an-id', $SecondId -ErrorVariable failures -ErrorAction SilentlyContinue)

            $tokens.Id | Should -Be @($FirstId, $SecondId)
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAccessTokenId,*'
            $failures[0].TargetObject | Should -Be 'not-an-id'
            (Get-EmulatorRequest $script:Emulator).path | Should -Be @("/access-tokens/$FirstId", "/access-tokens/$SecondId")
        }
    }

    Context 'On the wire' {
        It 'Sends_the_default_flags_false_true_true_when_none_are_given <Target>' -ForEach @(
            @{ Target = 'for a list'; Arguments = @{} }
            @{ Target = 'for an id'; Arguments = @{ Id = '5a0000000000000000000001' } }
        ) {
            $null = Get-AccessToken @Arguments

            (Get-EmulatorRequest $script:Emulator).query | Should -BeExactly $DefaultFlags
        }

        It 'Sends_the_flags_the_user_set <Given>' -ForEach @(
            @{ Given = '-Actions'; Flags = @{ Actions = $true }; Query = '?_actions=true&_links=true&_embedded=true' }
            @{ Given = '-Links:$false'; Flags = @{ Links = $false }; Query = '?_actions=false&_links=false&_embedded=true' }
            @{ Given = '-Embedded:$false'; Flags = @{ Embedded = $false }; Query = '?_actions=false&_links=true&_embedded=false' }
            @{ Given = '-Actions -Links:$false -Embedded:$false'; Flags = @{ Actions = $true; Links = $false; Embedded = $false }; Query = '?_actions=true&_links=false&_embedded=false' }
            @{ Given = '-Actions:$false -Links -Embedded'; Flags = @{ Actions = $false; Links = $true; Embedded = $true }; Query = '?_actions=false&_links=true&_embedded=true' }
        ) {
            $null = Get-AccessToken -Id $FirstId @Flags
            $null = Get-AccessToken @Flags

            $requests = @(Get-EmulatorRequest $script:Emulator)
            $requests.Count | Should -Be 2
            $requests[0].query | Should -BeExactly $Query
            $requests[1].query | Should -BeExactly $Query
        }

        It 'Sends_exactly_the_contract_headers_and_no_Content_Type_on_GET' {
            $null = Get-AccessToken -Id $FirstId
            $null = Get-AccessToken

            foreach ($request in Get-EmulatorRequest $script:Emulator) {
                $request.headers.Accept | Should -BeExactly 'application/json'
                $request.headers.'Accept-Version' | Should -BeExactly '^1.3.7'
                $request.headers.Authorization | Should -BeExactly "Bearer $($script:Emulator.ApiToken)"
                $request.headers.PSObject.Properties.Name | Should -Not -Contain 'Content-Type'
                $request.body | Should -BeNullOrEmpty
            }
        }
    }

    Context 'Output' {
        It 'Declares_its_output_type' {
            # The engine's types live in the module's own load context, so they are named, not written as [type] literals.
            (Get-Command Get-AccessToken).OutputType.Name | Should -Be @('Losant.AccessTokens.Models.AccessToken')
        }

        It 'Emits_one_typed_token_per_token_with_every_field_mapped' {
            $token = Get-AccessToken -Id $FirstId

            $token.GetType().FullName | Should -Be 'Losant.AccessTokens.Models.AccessToken'
            $token.Id | Should -BeExactly $FirstId
            $token.UserId | Should -BeExactly '59f0000000000000000000aa'
            $token.Name | Should -BeExactly 'Fleet telemetry reader'
            $token.CreationDate | Should -Be ([datetime]::new(2016, 6, 13, 4, 0, 0, [DateTimeKind]::Utc))
            $token.LastUpdated | Should -Be ([datetime]::new(2016, 6, 13, 4, 0, 0, [DateTimeKind]::Utc))
            $token.ExpirationDate | Should -Be ([datetime]::new(2030, 1, 1, 0, 0, 0, [DateTimeKind]::Utc))
            foreach ($date in $token.CreationDate, $token.LastUpdated, $token.ExpirationDate) {
                $date | Should -BeOfType [datetime]
                $date.Kind | Should -Be 'Utc'
            }
            # A read-only list of strings that writes its values when turned into text (Export-Csv).
            , $token.Scope | Should -BeOfType ([System.Collections.Generic.IReadOnlyList[string]])
            $token.Scope | Should -Be @('devices.state', 'devices.get')
            "$($token.Scope.ToString())" | Should -BeExactly 'devices.state, devices.get'
            $token.Status.GetType().FullName | Should -Be 'Losant.AccessTokens.Models.AccessTokenStatus'
            $token.Status.GetType().IsEnum | Should -BeTrue
            $token.Status.ToString() | Should -BeExactly 'Active'
            $token.Token | Should -BeNullOrEmpty
        }

        It 'Maps_inactive_status_and_a_token_that_never_expires' {
            $inactive, $neverExpires = Get-AccessToken -Id $ThirdId, $SecondId

            $inactive.Status.ToString() | Should -BeExactly 'Inactive'
            $neverExpires.Status.ToString() | Should -BeExactly 'Active'
            $neverExpires.ExpirationDate | Should -BeNullOrEmpty
        }

        It 'Keeps_links_and_actions_in_AdditionalProperties_as_the_flags_ask' {
            $withLinks = Get-AccessToken -Id $FirstId
            $withoutLinks = Get-AccessToken -Id $FirstId -Links:$false -Actions

            $withLinks.AdditionalProperties.Keys | Should -Contain '_links'
            $withLinks.AdditionalProperties['_links']['self']['href'] | Should -BeLike "*$FirstId*"
            $withLinks.AdditionalProperties.Keys | Should -Not -Contain '_actions'
            $withoutLinks.AdditionalProperties.Keys | Should -Not -Contain '_links'
            $withoutLinks.AdditionalProperties.Keys | Should -Contain '_actions'
        }
    }

    Context 'Module import' {
        It 'Keeps_working_after_the_module_is_imported_again_with_Force' {
            Import-Module $env:ACCESSTOKEN_TEST_MODULE -Force -Global

            (Get-Command Get-AccessToken).OutputType.Name | Should -Be @('Losant.AccessTokens.Models.AccessToken')
            (Get-AccessToken -Id $FirstId).Id | Should -Be $FirstId
        }
    }
}
